package dev.vigil.dump;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parallel gzip: one gzip member that the JDK and the system's {@code gzip} read back to exactly the input, whatever its
 * length against the block size and however it compresses; a ratio close to one stream's; failures fail the call and
 * leave no thread.
 */
class ParallelGzipTest {

    private static final int BLOCK = ParallelGzip.BLOCK;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = { 0, 1, 100, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 7 * BLOCK + 12345 })
    void anyLengthReadsBackToTheInputWithTheJdk(int length) throws IOException {
        byte[] input = text(length, 1);
        assertArrayEquals(input, gunzip(gzip(input, 3)));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = { 0, 1, BLOCK, BLOCK + 1, 5 * BLOCK + 777 })
    void anyLengthReadsBackToTheInputWithTheSystemGzip(int length) throws Exception {
        byte[] input = text(length, 2);
        assertArrayEquals(input, systemGunzip(gzip(input, 3)));
    }

    @Test
    void randomDataReadsBackWithTheJdkAndTheSystemGzip() throws Exception {
        byte[] input = new byte[3 * BLOCK + 17];
        new Random(3).nextBytes(input);
        byte[] compressed = gzip(input, 4);
        assertArrayEquals(input, gunzip(compressed));
        assertArrayEquals(input, systemGunzip(compressed));
        assertTrue(compressed.length < input.length + input.length / 100, "incompressible data grows by little: " + compressed.length);
    }

    @Test
    void repetitiveDataReadsBackWithTheJdkAndTheSystemGzip() throws Exception {
        byte[] input = new byte[4 * BLOCK + 99];
        byte[] pattern = "abcabcabd-0123456789-".getBytes(US_ASCII);
        for (int i = 0; i < input.length; i++) {
            input[i] = pattern[i % pattern.length];
        }
        byte[] compressed = gzip(input, 2);
        assertArrayEquals(input, gunzip(compressed));
        assertArrayEquals(input, systemGunzip(compressed));
    }

    @Test
    void oneThreadWritesTheSameStreamAsSeveral() throws IOException {
        byte[] input = text(3 * BLOCK + 5, 4);
        assertArrayEquals(gzip(input, 1), gzip(input, 4));
    }

    @Test
    void theRatioIsWithinTwoPercentOfOneStream() throws IOException {
        byte[] input = text(8 * BLOCK, 5);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(single) {
            {
                def.setLevel(HeapDumper.GZIP_LEVEL);
            }
        }) {
            out.write(input);
        }
        int parallel = gzip(input, 4).length;
        double ratio = (double) parallel / single.size();
        assertTrue(ratio < 1.02, "parallel " + parallel + " bytes, one stream " + single.size() + " bytes: " + ratio);
    }

    @Test
    void aFailingInputFailsTheCallAndLeavesNoThread() {
        IOException failure = new IOException("disk read error");
        InputStream in = new InputStream() {
            private final InputStream data = new ByteArrayInputStream(text(6 * BLOCK, 6));

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = data.read(b, off, len);
                if (n < 0) {
                    throw failure;
                }
                return n;
            }
        };
        IOException thrown = assertThrows(IOException.class,
                () -> ParallelGzip.compress(in, new ByteArrayOutputStream(), HeapDumper.GZIP_LEVEL, 4));
        assertSame(failure, thrown);
        await().atMost(Duration.ofSeconds(10)).until(() -> gzipThreads() == 0);
    }

    @Test
    void aFailingOutputFailsTheCallAndLeavesNoThread() {
        OutputStream out = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] { (byte) b }, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > BLOCK / 4) {
                    throw new IOException("disk full");
                }
            }
        };
        IOException thrown = assertThrows(IOException.class,
                () -> ParallelGzip.compress(new ByteArrayInputStream(text(10 * BLOCK, 7)), out, HeapDumper.GZIP_LEVEL, 4));
        assertEquals("disk full", thrown.getMessage());
        await().atMost(Duration.ofSeconds(10)).until(() -> gzipThreads() == 0);
    }

    @Test
    void theThreadsAreCapped() {
        assertTrue(ParallelGzip.defaultThreads() >= 1 && ParallelGzip.defaultThreads() <= ParallelGzip.MAX_THREADS);
    }

    private static long gzipThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(ParallelGzip.THREAD_NAME)).count();
    }

    private static byte[] gzip(byte[] input, int threads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelGzip.compress(new ByteArrayInputStream(input), out, Deflater.BEST_SPEED, threads);
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    /** {@code gzip -t}, then {@code gzip -dc}: both must exit 0; returns what the second printed. */
    private byte[] systemGunzip(byte[] compressed) throws Exception {
        Path file = Files.createTempFile(temp, "data", ".gz");
        Files.write(file, compressed);
        assumeTrue(run(List.of("gzip", "--version")).exit == 0, "no gzip command");
        Run test = run(List.of("gzip", "-t", file.toString()));
        assertEquals(0, test.exit, "gzip -t: " + new String(test.output, US_ASCII));
        Run decompress = run(List.of("gzip", "-dc", file.toString()));
        assertEquals(0, decompress.exit);
        return decompress.output;
    }

    private record Run(int exit, byte[] output) {
    }

    private Run run(List<String> command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return new Run(-1, new byte[0]);
        }
        byte[] output = process.getInputStream().readAllBytes();
        return new Run(process.waitFor(), output);
    }

    /** Words and numbers, as a heap dump's strings and buffers hold: compressible, not trivially. */
    static byte[] text(int length, long seed) {
        String[] words = "order customer invoice shipped pending total amount currency EUR USD id name email status created".split(" ");
        Random random = new Random(seed);
        byte[] text = new byte[length];
        for (int i = 0; i < length; ) {
            byte[] word = (words[random.nextInt(words.length)] + (random.nextInt(4) == 0 ? random.nextInt(100_000) : "") + " ").getBytes(US_ASCII);
            int n = Math.min(word.length, length - i);
            System.arraycopy(word, 0, text, i, n);
            i += n;
        }
        return text;
    }
}
