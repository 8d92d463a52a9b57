package dev.vigil.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No dump directory inside a directory the server serves or deploys from, however the path is spelt. */
class ServedDirectoriesTest {

    @TempDir
    Path home;

    private Path welcome;
    private ServedDirectories served;

    @BeforeEach
    void serveWelcomeContent() throws IOException {
        welcome = Files.createDirectory(home.resolve("welcome-content"));
        served = new ServedDirectories(List.of(new ServedDirectories.Served(welcome, "which Undertow serves as the welcome content")));
    }

    @Test
    void aDirectoryInsideAServedOneIsRefusedNamingBoth() {
        HeapDumpException e = assertThrows(HeapDumpException.class, () -> served.refuse(welcome.resolve("x"), "path=welcome-content/x"));

        assertEquals(HeapDumpException.Reason.DIRECTORY, e.reason());
        assertTrue(e.getMessage().startsWith("VIGIL0050: path=welcome-content/x is not allowed"), e.getMessage());
        assertTrue(e.getMessage().contains(welcome.resolve("x").toString()) && e.getMessage().contains(welcome + ", which Undertow serves"), e.getMessage());
    }

    @Test
    void theServedDirectoryItselfIsRefused() {
        assertThrows(HeapDumpException.class, () -> served.refuse(welcome, "path=welcome-content"));
    }

    @Test
    void aPathThatClimbsIntoAServedDirectoryIsRefused() {
        assertThrows(HeapDumpException.class, () -> served.refuse(home.resolve("data/../welcome-content/x"), "path=data/../welcome-content/x"));
    }

    @Test
    void aLinkIntoAServedDirectoryIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(home.resolve("dumps"), welcome);

        assertThrows(HeapDumpException.class, () -> served.refuse(link.resolve("x"), "path=dumps/x"));
    }

    @Test
    void aSiblingWhoseNameStartsTheSameIsAllowed() throws HeapDumpException {
        served.refuse(home.resolve("welcome-content-dumps"), "path=welcome-content-dumps");
    }
}
