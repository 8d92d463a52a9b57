package dev.vigil.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.leaks.RelayScenario;

import dev.vigil.analyzer.report.ExternalReferences;

/** The whole command on a real HotSpot dump: the relay scenario's 20 threads holding envelopes of byte[]. */
class MainRealDumpTest {

    @TempDir
    Path directory;

    @Test
    void analysesARealDumpAndWritesBothReports() throws Exception {
        Path dump = ScenarioDumps.dump(RelayScenario.class, directory);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.run(new String[] { dump.toString() }, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String progress = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.OK, exit, progress);
        Path html = directory.resolve("RelayScenario.report.html");
        Path json = directory.resolve("RelayScenario.report.json");
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertEquals(html.toString(), lines.get(0));
        assertEquals(json.toString(), lines.get(1));
        assertTrue(lines.get(2).startsWith("Suspect 1: 20 threads of com.example.leaks.RelayScenario$1 (server) keep "), lines.get(2));

        String page = Files.readString(html);
        assertTrue(page.contains("RelayScenario$1.val$env"), "suspect 1's path");
        assertEquals(List.of(), ExternalReferences.in(page));
        assertTrue(Files.readString(json).contains("\"dump\": \"RelayScenario.hprof\""));
        assertTrue(progress.startsWith("reading"), progress);
        assertTrue(progress.contains("\ndominators\n") && progress.endsWith("writing the reports\n"), progress);
    }
}
