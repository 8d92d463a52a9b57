package dev.vigil.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContenderTest {

    private static final InstanceInfo WHO = new InstanceInfo(4242, "host-b", Instant.parse("2025-03-04T05:06:07.123456Z"), "/opt/wildfly",
            "/opt/wildfly/standalone", "/opt/wildfly/standalone/configuration/standalone.xml", 100, List.of(8180, 10090));

    @TempDir
    Path dir;

    private Contender contender(String... sharedDirs) {
        return new Contender(WHO, Instant.parse("2025-03-04T06:00:00.5Z"), List.of(sharedDirs), List.of(8080, 9990), "fail");
    }

    private Set<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void parseReadsTheTraceLeaveWrote() throws IOException {
        Contender left = contender("/srv/a", "/srv/b");
        left.leave(dir);

        Contender read = Contender.parse(Files.readString(dir.resolve("vigil.contender-4242"), StandardCharsets.UTF_8));

        assertEquals(left, read);
    }

    @Test
    void leaveWritesOnlyTheTraceNamedForTheContendersPid() throws IOException {
        contender("/srv/a").leave(dir);

        assertEquals(Set.of("vigil.contender-4242"), names());
    }

    @Test
    void collectReturnsTheTracesAndDeletesThem() throws IOException {
        Contender left = contender(dir.toString());
        left.leave(dir);

        assertEquals(List.of(left), Contender.collect(dir));
        assertEquals(Set.of(), names());
    }

    @Test
    void collectDeletesATraceItCannotRead() throws IOException {
        Files.writeString(dir.resolve("vigil.contender-77"), "no pid here\n");

        assertEquals(List.of(), Contender.collect(dir));
        assertEquals(Set.of(), names());
    }

    @Test
    void collectLeavesOtherFilesAlone() throws IOException {
        Files.writeString(dir.resolve(DirectoryLock.FILE), "pid=1\n");
        Files.writeString(dir.resolve("server.log"), "log\n");

        assertEquals(List.of(), Contender.collect(dir));
        assertEquals(Set.of(DirectoryLock.FILE, "server.log"), names());
    }

    @Test
    void collectOfAMissingDirectoryFindsNothing() {
        assertEquals(List.of(), Contender.collect(dir.resolve("missing")));
    }

    @Test
    void parseOfATextWithoutPidIsNull() {
        assertNull(Contender.parse(""));
        assertNull(Contender.parse("garbage"));
    }

    @Test
    void aLinkPlantedAtThePartsNameIsNotFollowed() throws IOException {
        Path victim = Files.writeString(dir.getParent().resolve(dir.getFileName() + "-standalone.xml"), "<server/>");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(dir.resolve(".vigil.contender-4242.part"), victim);

        contender("/srv/a").leave(dir);

        assertEquals("<server/>", Files.readString(victim));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        assertEquals(Set.of("vigil.contender-4242"), names());
    }

    @Test
    void aTraceIsOwnerOnly() throws IOException {
        contender("/srv/a").leave(dir);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("vigil.contender-4242"))));
    }
}
