package dev.vigil.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Real headless Chromium, run once per call with a deadline, offline, with a profile of its own that is removed after. */
final class HeadlessChromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long DEADLINE_SECONDS = 45;

    private HeadlessChromium() {
    }

    /** Fails (never skips) without Chromium: a browser test that quietly does not run proves nothing. */
    static void requireInstalled() {
        assertTrue(Files.isExecutable(BINARY), BINARY + " is missing: the browser tests need real Chromium (apt-get install chromium)");
    }

    /** The DOM after the page is parsed and laid out, as Chromium serializes it. */
    static String dumpDom(Path page) throws IOException, InterruptedException {
        return new String(run(page, List.of("--dump-dom")), StandardCharsets.UTF_8);
    }

    static void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(page, List.of("--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars"));
    }

    private static byte[] run(Path page, List<String> mode) throws IOException, InterruptedException {
        requireInstalled();
        Path profile = Files.createTempDirectory("vigil-chromium-");
        Path stdout = Files.createTempFile("vigil-chromium-", ".out");
        Path stderr = Files.createTempFile("vigil-chromium-", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile));
            command.addAll(mode);
            command.add(page.toUri().toString());
            // output to files, not pipes: nothing to drain while waiting, and no deadlock on a chatty stderr
            Process chromium = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!chromium.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                chromium.destroyForcibly();
                chromium.waitFor(10, TimeUnit.SECONDS);
                fail("Chromium did not finish within " + DEADLINE_SECONDS + " s: " + command + "\n" + Files.readString(stderr));
            }
            if (chromium.exitValue() != 0) {
                fail("Chromium exited with " + chromium.exitValue() + ": " + command + "\n" + Files.readString(stderr));
            }
            return Files.readAllBytes(stdout);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            delete(profile);
        }
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (java.io.UncheckedIOException e) {
            // Chromium's helpers may still be removing their own files; a temp dir left behind is harmless
        }
    }
}
