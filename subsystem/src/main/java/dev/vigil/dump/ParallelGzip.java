package dev.vigil.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip on several threads, one valid gzip member: the input is cut into blocks of {@link #BLOCK} bytes, each deflated
 * on a worker with a {@code Deflater} of its own, primed with the last 32 KiB of the block before (so the ratio stays
 * that of one stream) and ended with a sync flush (the last block with finish), so the raw deflate blocks simply
 * follow one another. The calling thread reads, and writes the blocks in order while it sums the CRC32 of the input.
 * <p>
 * Bounded, since Vigil must never be what kills the server: at most {@link #MAX_THREADS} daemon threads
 * ({@code vigil-gzip-N}, low priority), made for one call and gone after it, and {@link #IN_FLIGHT_PER_THREAD} blocks in
 * flight per thread: about 2.1 MiB each (input and output), under 9 MiB on 2 cores, 17 MiB at most. Any failure, of
 * the input, the output or a worker, fails the call.
 */
final class ParallelGzip {

    /** Input bytes per block: large enough that a block's start-up (the dictionary, the flush) costs nothing. */
    static final int BLOCK = 1 << 20;
    /** Deflate's window: what a block may refer back to in the one before. */
    static final int DICTIONARY = 32 << 10;
    /** More threads would only take cores from the application, which runs again while its dump is compressed. */
    static final int MAX_THREADS = 4;
    static final int IN_FLIGHT_PER_THREAD = 2;
    static final String THREAD_NAME = "vigil-gzip-";

    private static final int GZIP_MAGIC = 0x8b1f;
    /** deflate's worst case: 5 bytes per stored block of 16 KiB, the flush marker, some slack. */
    private static final int OUTPUT_BOUND = BLOCK + (BLOCK >> 12) + 64;

    private ParallelGzip() {
    }

    /** The threads a call uses here: the cores, at most {@link #MAX_THREADS}. */
    static int defaultThreads() {
        return Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** Writes {@code in}, whole, to {@code out} as one gzip member of deflate level {@code level}; closes neither. */
    static void compress(InputStream in, OutputStream out, int level, int threads) throws IOException {
        int workers = Math.max(1, Math.min(MAX_THREADS, threads));
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(task, THREAD_NAME + number.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1);
            return thread;
        });
        try {
            new Run(in, out, level, pool, workers * IN_FLIGHT_PER_THREAD).run();
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS); // a block takes milliseconds: the workers are gone at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One block: its dictionary (the tail of the block before) and input in one array, its deflated bytes in another. */
    private static final class Block {
        final byte[] input = new byte[DICTIONARY + BLOCK];
        byte[] output = new byte[BLOCK / 2]; // a heap dump deflates to a third; grown for data that does not
        int dictionary;
        int length;
        int deflated;
        boolean last;

        /** Runs on a worker. */
        Block deflate(int level) {
            Deflater deflater = new Deflater(level, true);
            try {
                if (dictionary > 0) {
                    deflater.setDictionary(input, 0, dictionary);
                }
                deflater.setInput(input, DICTIONARY, length);
                if (last) {
                    deflater.finish();
                }
                deflated = 0;
                while (true) {
                    if (deflated == output.length) {
                        output = Arrays.copyOf(output, Math.max(OUTPUT_BOUND, output.length * 2));
                    }
                    deflated += deflater.deflate(output, deflated, output.length - deflated, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                    // done once all input is taken and the output was not full (a full buffer may hide more)
                    if (last ? deflater.finished() : deflater.needsInput() && deflated < output.length) {
                        return this;
                    }
                }
            } finally {
                deflater.end();
            }
        }
    }

    private static final class Run {
        private final InputStream in;
        private final OutputStream out;
        private final int level;
        private final ExecutorService pool;
        private final Deque<Block> free = new ArrayDeque<>();
        private final Deque<Future<Block>> inFlight = new ArrayDeque<>();
        private final int maxInFlight;
        private final CRC32 crc = new CRC32();
        private long size;

        Run(InputStream in, OutputStream out, int level, ExecutorService pool, int maxInFlight) {
            this.in = in;
            this.out = out;
            this.level = level;
            this.pool = pool;
            this.maxInFlight = maxInFlight;
        }

        void run() throws IOException {
            // header: magic, deflate, no flags, no time, XFL 4 (fastest), OS unknown
            out.write(new byte[] { (byte) GZIP_MAGIC, (byte) (GZIP_MAGIC >> 8), Deflater.DEFLATED, 0, 0, 0, 0, 0, 4, (byte) 255 });
            // One block read ahead: only the block with nothing after it is the last.
            Block current = read(null);
            while (true) {
                Block next = current.length == BLOCK ? read(current) : null;
                if (next != null && next.length == 0) {
                    free.push(next);
                    next = null;
                }
                current.last = next == null;
                Block block = current;
                inFlight.add(pool.submit(() -> block.deflate(level)));
                if (next == null) {
                    break;
                }
                current = next;
            }
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            long value = crc.getValue();
            out.write(new byte[] { (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
                    (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24) });
            out.flush();
        }

        /** The next block of input, primed with the tail of {@code before}; its length is 0 at the end of the input. */
        private Block read(Block before) throws IOException {
            Block block = free.poll();
            while (block == null) {
                if (inFlight.size() < maxInFlight) {
                    block = new Block();
                } else {
                    writeOldest(); // never the block before: that one was just read and is written last
                    block = free.poll();
                }
            }
            block.dictionary = 0;
            if (before != null) {
                System.arraycopy(before.input, DICTIONARY + before.length - DICTIONARY, block.input, 0, DICTIONARY);
                block.dictionary = DICTIONARY;
            }
            block.length = in.readNBytes(block.input, DICTIONARY, BLOCK);
            block.last = false;
            return block;
        }

        private void writeOldest() throws IOException {
            Block block = await(inFlight.remove());
            crc.update(block.input, DICTIONARY, block.length);
            size += block.length;
            out.write(block.output, 0, block.deflated);
            free.push(block);
        }

        private static Block await(Future<Block> future) throws IOException {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while compressing");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException unchecked) {
                    throw unchecked.getCause();
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IOException(cause);
            }
        }
    }
}
