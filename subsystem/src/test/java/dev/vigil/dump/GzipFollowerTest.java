package dev.vigil.dump;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child that gzips a dump while it is written: in process over a growing file, and as the real child process. */
class GzipFollowerTest {

    private static final int PIECE = 300_000;

    @TempDir
    Path directory;

    /** The test writes the next piece only once the follower has read all before it and waits: it follows, really. */
    @Test
    void aFileWrittenInPiecesWhileFollowedComesBackWhole() throws Exception {
        byte[] input = ParallelGzipTest.text(3 * ParallelGzip.BLOCK + 12_345, 11);
        Path raw = directory.resolve("d.hprof");
        Path gz = directory.resolve(".d.hprof.gz");
        Semaphore waiting = new Semaphore(0);
        PipedOutputStream control = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(control);
        CompletableFuture<Void> follower = CompletableFuture.runAsync(() -> {
            try {
                GzipFollower.follow(raw, gz, stdin, 2, waiting::release);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(waiting.tryAcquire(30, TimeUnit.SECONDS), "waits for the file to appear");
        int waits = 0;
        try (OutputStream out = Files.newOutputStream(raw, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int at = 0; at < input.length; at += PIECE) {
                out.write(input, at, Math.min(PIECE, input.length - at));
                out.flush();
                assertTrue(waiting.tryAcquire(30, TimeUnit.SECONDS), "has read up to " + (at + PIECE) + " and waits for more");
                waits++;
                waiting.drainPermits();
            }
        }
        assertFalse(follower.isDone(), "does not end before it is told the size");
        control.write((input.length + "\n").getBytes(US_ASCII));
        control.close();
        follower.get(60, TimeUnit.SECONDS);
        assertTrue(waits > 10);
        assertArrayEquals(input, gunzip(gz));
        assertArrayEquals(input, systemGunzip(gz));
    }

    @Test
    void stdinClosedWithoutASizeFailsAndLeavesNoPart() throws Exception {
        Path raw = directory.resolve("d.hprof");
        Files.write(raw, ParallelGzipTest.text(PIECE, 12));
        Path gz = directory.resolve(".d.hprof.gz");
        InputStream closed = InputStream.nullInputStream();
        IOException failure = assertThrows(IOException.class, () -> GzipFollower.follow(raw, gz, closed, 2));
        assertTrue(failure.getMessage().contains("without the dump's size"), failure.getMessage());
        assertFalse(Files.exists(gz));
    }

    @Test
    void aSizeLargerThanTheFileFails() throws Exception {
        Path raw = directory.resolve("d.hprof");
        Files.write(raw, ParallelGzipTest.text(PIECE, 13));
        Path gz = directory.resolve(".d.hprof.gz");
        InputStream size = new java.io.ByteArrayInputStream((PIECE + 1 + "\n").getBytes(US_ASCII));
        assertThrows(IOException.class, () -> GzipFollower.follow(raw, gz, size, 2));
        assertFalse(Files.exists(gz));
    }

    /** The real child, as HeapDumper starts it, following this JVM's own dumpHeap: what it wrote is the raw file, byte for byte. */
    @Test
    void theChildFollowsThisJvmsRealDump() throws Exception {
        Path raw = directory.resolve("d.hprof");
        Path gz = directory.resolve(".d.hprof.gz");
        Process child = new ProcessBuilder(GzipFollower.command(raw, gz)).redirectErrorStream(true).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return child.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        HeapDumper.dumpThisJvm(raw, true);
        try (OutputStream stdin = child.getOutputStream()) {
            stdin.write((Files.size(raw) + "\n").getBytes(US_ASCII));
        }
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), new String(output.get(), US_ASCII));
        byte[] expected = Files.readAllBytes(raw);
        assertArrayEquals(expected, gunzip(gz));
        assertArrayEquals(expected, systemGunzip(gz));
    }

    @Test
    void theChildWhoseParentIsGoneExitsNonZeroAndLeavesNoPart() throws Exception {
        Path raw = directory.resolve("d.hprof");
        Files.write(raw, ParallelGzipTest.text(PIECE, 14));
        Path gz = directory.resolve(".d.hprof.gz");
        Process child = new ProcessBuilder(GzipFollower.command(raw, gz)).redirectErrorStream(true).start();
        child.getOutputStream().close();
        byte[] output = child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(GzipFollower.EXIT_FAILED, child.exitValue(), new String(output, US_ASCII));
        assertFalse(Files.exists(gz));
    }

    private static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static byte[] systemGunzip(Path gz) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(List.of("gzip", "-dc", gz.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeTrue(false, "no gzip command");
            return null;
        }
        byte[] output = process.getInputStream().readAllBytes();
        assertEquals(0, process.waitFor());
        return output;
    }
}
