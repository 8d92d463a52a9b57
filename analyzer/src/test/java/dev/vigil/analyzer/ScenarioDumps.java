package dev.vigil.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** Runs a scenario's main in a child JVM, which dumps its own heap and exits: real HotSpot dumps of a known graph. */
final class ScenarioDumps {

    private ScenarioDumps() {
    }

    static Path dump(Class<?> scenario, Path dir, String... extraArgs) throws IOException, InterruptedException {
        Path dump = dir.resolve(scenario.getSimpleName() + ".hprof");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), scenario.getName(), dump.toString()));
        command.addAll(List.of(extraArgs));
        Path log = dir.resolve(scenario.getSimpleName() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertTrue(exited, "the scenario did not end in time: " + Files.readString(log));
        assertEquals(0, process.exitValue(), () -> "the scenario failed: " + readQuietly(log));
        assertTrue(Files.size(dump) > 0);
        return dump;
    }

    static Path gzip(Path dump) throws IOException {
        Path gz = dump.resolveSibling(dump.getFileName() + ".gz");
        try (InputStream in = Files.newInputStream(dump); OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            in.transferTo(out);
        }
        return gz;
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
