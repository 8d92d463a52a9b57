package dev.vigil.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * A WildFly the test starts itself with {@code bin/standalone.sh}, as an administrator would, so that it can start a
 * second one on the same directories or ports: its output goes to a file, its JVM's pid is known, and it can be
 * stopped, or killed as {@code kill -9} does.
 */
final class ServerProcess implements AutoCloseable {

    static final int HTTP_PORT = 8080;
    static final int MANAGEMENT_PORT = 9990;

    final String name;
    final int offset;
    final Process script;
    final Path output;
    /** The JVM's pid (standalone.sh runs it as a child), caught as soon as it appears. */
    private final AtomicLong javaPid = new AtomicLong(-1);
    /** The first of the watched ports found accepting connections, if any. */
    private final AtomicReference<Integer> listenedOn = new AtomicReference<>();
    /** Samples the process every 20 ms while it lives: its JVM's pid, and whether it listens. */
    private final ScheduledExecutorService watcher;

    private ServerProcess(String name, int offset, Process script, Path output, List<Integer> watchedPorts) {
        this.name = name;
        this.offset = offset;
        this.script = script;
        this.output = output;
        this.watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "watch-" + name);
            thread.setDaemon(true);
            return thread;
        });
        this.watcher.scheduleWithFixedDelay(() -> sample(watchedPorts), 0, 20, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts {@code bin/standalone.sh} of {@code home} with the port offset and the extra arguments; the Jolokia agent
     * listens on its own port. Watches the server's HTTP and management ports from the start, to tell whether it ever
     * listened on them.
     */
    static ServerProcess start(String name, Path home, int offset, String... arguments) {
        return start(name, home, offset, Map.of(), arguments);
    }

    /** As {@link #start(String, Path, int, String...)}, with more environment for standalone.sh (JAVA_OPTS, say). */
    static ServerProcess start(String name, Path home, int offset, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/standalone.sh").toString());
        command.add("-Djboss.socket.binding.port-offset=" + offset);
        command.addAll(List.of(arguments));
        Path output = home.getParent().resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JOLOKIA_PORT", String.valueOf(ServerAddress.JOLOKIA_PORT + offset));
        builder.environment().putAll(environment);
        try {
            return new ServerProcess(name, offset, builder.start(), output, List.of(HTTP_PORT + offset, MANAGEMENT_PORT + offset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a bootable jar with {@code java -jar}, on the JVM that runs the tests, with the port offset and the extra
     * JVM options; its output goes to {@code output}. The jar's JVM is the process itself: no script in between.
     */
    static ServerProcess startBootableJar(String name, Path jar, int offset, Path output, String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-jar");
        command.add(jar.toString());
        command.add("-Djboss.socket.binding.port-offset=" + offset);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        try {
            return new ServerProcess(name, offset, builder.start(), output, List.of(HTTP_PORT + offset, MANAGEMENT_PORT + offset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of a server's base dir (standalone/): its own data, log and deployments, with the same configuration (and
     * so the same ports, unless started with another offset). Lock files are left behind.
     */
    static void copyBase(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().startsWith("vigil.")) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * A new copy of {@code home}'s base dir beside it, named {@code name}, for a server of a test class's own; whatever
     * an earlier run left there is deleted first.
     */
    static Path freshBase(Path home, String name) throws IOException {
        Path base = home.getParent().resolve(name);
        deleteTree(base);
        copyBase(home.resolve("standalone"), base);
        return base;
    }

    /** Deletes a directory with everything in it; nothing if it does not exist. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    private void sample(List<Integer> ports) {
        if (!script.isAlive()) {
            watcher.shutdown();
            return;
        }
        if (javaPid.get() < 0) {
            // the server's JVM, not the short ones the script runs to probe the java version
            script.toHandle().descendants().filter(p -> p.info().commandLine().map(c -> c.contains("org.jboss.as.standalone")).orElse(false)).findFirst()
                    .ifPresent(p -> javaPid.compareAndSet(-1, p.pid()));
        }
        for (int port : ports) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ServerAddress.HOST, port), 50);
                listenedOn.compareAndSet(null, port);
            } catch (IOException nobody) {
                // not listening: what a stopped duplicate must show
            }
        }
    }

    int managementPort() {
        return MANAGEMENT_PORT + offset;
    }

    long javaPid() {
        await(name + "'s JVM appears").atMost(Duration.ofSeconds(30)).until(() -> javaPid.get() > 0 || !script.isAlive());
        return javaPid.get();
    }

    /** One of the watched ports the server was found listening on, if any. */
    Optional<Integer> listenedOn() {
        return Optional.ofNullable(listenedOn.get());
    }

    Management management(ModelNode address) {
        return new Management(address, managementPort());
    }

    void awaitRunning() {
        await(name + " runs").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!script.isAlive()) {
                throw new AssertionError(name + " ended with exit code " + script.exitValue() + ":\n" + log());
            }
            try (Management server = management(new ModelNode().setEmptyList())) {
                return "running".equals(server.serverState());
            } catch (RuntimeException | AssertionError | IOException notYet) {
                return false;
            }
        });
    }

    /** Waits for the server to end by itself and returns its exit code. */
    int awaitExit(Duration within) {
        await(name + " stops by itself").atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> !script.isAlive());
        await(name + "'s JVM is gone").atMost(Duration.ofSeconds(10)).until(() -> javaPid.get() < 0 || ProcessHandle.of(javaPid.get()).isEmpty());
        return script.exitValue();
    }

    String log() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** As kill -9 does: the JVM gets no chance to release anything; the OS does. */
    void kill9() {
        long pid = javaPid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        awaitExit(Duration.ofSeconds(30));
    }

    /** Stops the server through its management API, or by force if it does not go. */
    @Override
    public void close() {
        if (script.isAlive()) {
            try (Management server = management(new ModelNode().setEmptyList())) {
                server.execute(Operations.createOperation("shutdown"));
            } catch (RuntimeException | IOException alreadyGoing) {
                // it may close the connection before answering
            }
            try {
                awaitExit(Duration.ofSeconds(60));
            } catch (RuntimeException stuck) {
                script.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
        }
        watcher.shutdownNow();
    }
}
