package dev.vigil.dump;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The child process that gzips a heap dump while the JVM writes it: {@code java -cp <subsystem jar>
 * dev.vigil.dump.GzipFollower RAW GZ [THREADS]}. It creates {@code GZ} (new, owner-only, never through a link, as
 * {@link DumpDirectory#createNew} does for every part), waits for {@code RAW} to appear, reads it as it grows and
 * compresses it with {@link ParallelGzip}. The parent writes one line on its stdin once the dump is complete: the raw
 * file's final size in bytes; the child reads up to that many, finishes the gzip and exits 0. A separate process, so
 * the dump's safepoint does not stop it (see {@link HeapDumper} for why and what it gains).
 * <p>
 * Never outlives its parent for long: when stdin ends without a size (the parent died or gave up), it deletes its
 * part and exits 1; any other failure too (the raw file shrinks, is longer than said, cannot be read). Plain JDK plus
 * {@link ParallelGzip} and {@link DumpDirectory#createNew}: nothing else of the subsystem is loaded.
 */
public final class GzipFollower {

    /** How long the reader waits at the end of the raw file before it looks again: the JVM writes in large buffers. */
    static final long POLL_MILLIS = 20;
    /** Java options of the child: starts fast (C1 only, the work is zlib's), small and bounded (ParallelGzip keeps under 17 MiB). */
    static final List<String> JAVA_OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-XX:CICompilerCount=1", "-Djava.awt.headless=true");
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private GzipFollower() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: java -cp <vigil subsystem jar> " + GzipFollower.class.getName() + " RAW GZ [THREADS]");
            System.exit(EXIT_USAGE);
        }
        int threads = args.length == 3 ? Integer.parseInt(args[2]) : ParallelGzip.defaultThreads();
        int code = 0;
        try {
            follow(Path.of(args[0]), Path.of(args[1]), System.in, threads);
        } catch (IOException | RuntimeException e) {
            System.err.println("gzip of " + args[0] + " failed: " + e);
            code = EXIT_FAILED;
        }
        System.exit(code); // the control reader is a daemon, but exit at once whatever is left
    }

    /** The command that starts the child for {@code raw} and {@code gzip}: this server's java, niced (as the analyzer). */
    static List<String> command(Path raw, Path gzip) {
        List<String> command = new ArrayList<>(DumpAnalyzer.childJava(JAVA_OPTIONS, DumpAnalyzer.classPathOf(GzipFollower.class), GzipFollower.class.getName()));
        command.addAll(List.of(raw.toString(), gzip.toString(), String.valueOf(ParallelGzip.defaultThreads())));
        return command;
    }

    /**
     * Creates {@code gzip}, then compresses {@code raw} into it while it grows, until {@code control} gives its final
     * size and that much is read. On any failure {@code gzip} is deleted.
     */
    static void follow(Path raw, Path gzip, InputStream control, int threads) throws IOException {
        follow(raw, gzip, control, threads, () -> {
        });
    }

    /** {@link #follow(Path, Path, InputStream, int)}, running {@code waiting} each time it has read all there is and waits. */
    static void follow(Path raw, Path gzip, InputStream control, int threads, Runnable waiting) throws IOException {
        Control size = new Control(control);
        boolean done = false;
        try (OutputStream out = DumpDirectory.createNew(gzip)) {
            size.start();
            try (Growing in = new Growing(raw, size, waiting)) {
                ParallelGzip.compress(in, out, HeapDumper.GZIP_LEVEL, threads);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(gzip);
            }
        }
    }

    /** The parent's word: the final size once it is known, or that stdin ended without one. */
    private static final class Control extends Thread {
        private final InputStream in;
        private volatile long size = -1;
        private volatile String ended;

        Control(InputStream in) {
            super("vigil-gzip-follower-control");
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
                if (line == null) {
                    ended = "the parent closed stdin without the dump's size (it died or gave up)";
                    return;
                }
                long value = Long.parseLong(line.trim());
                if (value < 0) {
                    throw new NumberFormatException("negative");
                }
                size = value;
            } catch (IOException | NumberFormatException e) {
                ended = "the dump's size could not be read from stdin: " + e;
            }
        }

        /** The final size, -1 while it is not known; throws once stdin ended without one. */
        long size() throws IOException {
            long known = size;
            if (known < 0 && ended != null) {
                throw new IOException(ended);
            }
            return known;
        }
    }

    /** The raw file as a stream that waits at its end until it grows or its final size is read. */
    private static final class Growing extends InputStream {
        private final Path raw;
        private final Control control;
        private final Runnable waiting;
        private FileChannel channel;
        private long position;

        Growing(Path raw, Control control, Runnable waiting) {
            this.raw = raw;
            this.control = control;
            this.waiting = waiting;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (true) {
                long size = control.size(); // read before the file: once known, what the file then holds is final
                if (channel == null) {
                    try {
                        channel = FileChannel.open(raw, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                    } catch (NoSuchFileException notYet) {
                        if (size >= 0) {
                            throw new IOException("the dump " + raw + " is said to be complete but does not exist");
                        }
                        pause();
                        continue;
                    }
                }
                int wanted = size >= 0 ? (int) Math.min(length, size - position) : length;
                if (size >= 0 && wanted <= 0) {
                    if (channel.size() > size) {
                        throw new IOException("the dump " + raw + " holds " + channel.size() + " bytes, more than the " + size + " it is said to have");
                    }
                    return -1;
                }
                int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (size >= 0) {
                    throw new IOException("the dump " + raw + " ends at " + position + " bytes, short of the " + size + " it is said to have");
                }
                pause();
            }
        }

        private void pause() throws IOException {
            waiting.run();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            if (Thread.interrupted()) {
                throw new java.io.InterruptedIOException("interrupted while following the dump");
            }
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
