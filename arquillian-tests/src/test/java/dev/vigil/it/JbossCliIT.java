package dev.vigil.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

/** The command an administrator types, with the server's own jboss-cli.sh. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JbossCliIT {

    static final String READ_STATE = "/subsystem=vigil/watermark=heap:read-attribute(name=state)";

    @Test
    void cliReadsTheWatermarkState() throws Exception {
        String expectedState;
        try (WatermarkManagement management = new WatermarkManagement()) {
            expectedState = management.state();
        }

        JbossCli.Run run = jbossCli("-c", "--command=" + READ_STATE);
        System.out.println("jboss-cli.sh -c --command=\"" + READ_STATE + "\"\n" + run.output());

        assertAll("jboss-cli.sh -c --command=\"" + READ_STATE + "\" printed:\n" + run.output(),
                () -> assertEquals(0, run.exitCode(), "exit code"),
                () -> assertTrue(run.output().contains("\"outcome\" => \"success\""), "outcome success"),
                () -> assertTrue(run.output().contains("\"result\" => \"" + expectedState + "\""), "result " + expectedState));
    }

    @Test
    void cliAttachmentSaveDownloadsADump(@TempDir Path downloads) throws Exception {
        String file;
        try (HeapDumps dumps = new HeapDumps()) {
            file = dumps.dumpHeap(true, false).get("file").asString();
        }
        Path target = downloads.resolve(file);
        String command = "attachment save --operation=/subsystem=vigil/service=heap-dumps:read-dump(name=" + file + ") --file=" + target;

        JbossCli.Run run = jbossCli("-c", "--command=" + command);
        System.out.println("jboss-cli.sh -c --command=\"" + command + "\"\n" + run.output());

        assertAll("jboss-cli.sh -c --command=\"" + command + "\" printed:\n" + run.output(),
                () -> assertEquals(0, run.exitCode(), "exit code"),
                () -> assertTrue(run.output().contains("File saved to " + target), "File saved to"),
                () -> assertEquals(-1L, Files.mismatch(HeapDumps.directory().resolve(file), target), "the saved bytes are the dump's"));
    }

    private static JbossCli.Run jbossCli(String... arguments) throws IOException, InterruptedException {
        List<String> rest = new java.util.ArrayList<>(List.of(arguments));
        rest.remove("-c");
        return new JbossCli().run(rest.toArray(String[]::new));
    }
}
