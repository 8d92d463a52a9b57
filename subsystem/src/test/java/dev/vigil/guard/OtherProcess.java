package dev.vigil.guard;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A {@link LockHolder} running as a process of its own, started with this JVM's java and class path and ready once
 * {@link #start} returns. {@link #kill()} ends it as {@code kill -9} would: nothing of it runs after its lock is gone.
 */
final class OtherProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final StringBuffer err = new StringBuffer();
    private long pid;
    private int port;

    private OtherProcess(Process process) {
        this.process = process;
    }

    /** A process holding the lock of each directory (each must be free). */
    static OtherProcess holding(Path... dirs) {
        List<String> args = new ArrayList<>();
        for (Path dir : dirs) {
            args.add("lock");
            args.add(dir.toString());
        }
        OtherProcess other = start(args.toArray(String[]::new));
        for (Path dir : dirs) {
            if (!other.said("held " + dir)) {
                other.close();
                throw new IllegalStateException("the other process could not lock " + dir + ": " + other.out);
            }
        }
        return other;
    }

    /** A process listening on a free port of 127.0.0.1 ({@link #port()}). */
    static OtherProcess listening() {
        return start("listen", "0");
    }

    /** A process listening (TCP) on a free port of the address ({@link #port()}). */
    static OtherProcess listeningAt(String address) {
        return start("listen-at", address);
    }

    /** A process with a UDP socket bound to a free port of the address ({@link #port()}), and no TCP listener. */
    static OtherProcess udpAt(String address) {
        return start("udp-at", address);
    }

    /** A second server at boot: claims the directories, finds them held and leaves its traces there. */
    static OtherProcess contending(OnDuplicate onDuplicate, Path... dirs) {
        return start("contend", onDuplicate.toString(), Arrays.stream(dirs).map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    }

    /**
     * A process as a server is to another one found on its ports: it holds the lock of its data directory, says so on
     * its command line ({@code -Djboss.server.data.dir}) and listens on a port ({@link #port()}).
     */
    static OtherProcess serverWithDataDir(Path dataDir) {
        OtherProcess other = start(List.of("-Djboss.server.data.dir=" + dataDir), "lock", dataDir.toString(), "listen", "0");
        if (!other.said("held " + dataDir)) {
            other.close();
            throw new IllegalStateException("the other process could not lock " + dataDir + ": " + other.out);
        }
        return other;
    }

    /** Whether another process, trying now, gets the lock of the directory. */
    static boolean canClaim(Path dir) {
        try (OtherProcess other = start("lock", dir.toString())) {
            return other.said("held " + dir);
        }
    }

    /**
     * The file's text, read by another process: this JVM must not open a file it holds the lock of, as closing any
     * descriptor of it drops the POSIX lock.
     */
    static String read(Path file) {
        try {
            Process cat = new ProcessBuilder("cat", file.toString()).redirectErrorStream(true).start();
            String text = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (cat.waitFor() != 0) {
                throw new IllegalStateException("cat " + file + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static OtherProcess start(String... args) {
        return start(List.of(), args);
    }

    static OtherProcess start(List<String> jvmArgs, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LockHolder.class.getName()));
        command.addAll(List.of(args));
        OtherProcess other;
        try {
            other = new OtherProcess(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        other.drain(other.process.getInputStream(), other.out::add);
        other.drain(other.process.getErrorStream(), line -> other.err.append(line).append('\n'));
        try {
            await("the other process is ready").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(10))
                    .until(() -> other.readyLine() != null || !other.process.isAlive());
        } catch (RuntimeException e) {
            other.close();
            throw e;
        }
        String ready = other.readyLine();
        if (ready == null) {
            other.close();
            throw new IllegalStateException("the other process ended before it was ready: " + other.out + "\n" + other.err);
        }
        String[] fields = ready.split(" ");
        other.pid = Long.parseLong(fields[1]);
        other.port = Integer.parseInt(fields[2]);
        return other;
    }

    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    private void drain(InputStream stream, java.util.function.Consumer<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "other-process-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private String readyLine() {
        return out.stream().filter(line -> line.startsWith("ready ")).findFirst().orElse(null);
    }

    long pid() {
        return pid;
    }

    int port() {
        return port;
    }

    /** Whether the process printed this line before it was ready. */
    boolean said(String line) {
        return out.contains(line);
    }

    /** What it printed before it was ready. */
    List<String> output() {
        return List.copyOf(out);
    }

    /** Ends it at once, as kill -9 does, and waits until it is gone (its locks and ports are free then). */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pid " + process.pid() + " did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        kill();
    }
}
