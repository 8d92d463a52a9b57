package dev.vigil.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.vigil.VigilLogger;
import dev.vigil.analyzer.Analyzer;
import dev.vigil.analyzer.ReportFiles;
import dev.vigil.format.Bytes;

/**
 * Makes the report of each dump in a child JVM, never in the server's: one analysis at a time, at low priority
 * ({@code nice}), with a bounded heap, only when the machine has that much memory available, stopped when it runs past
 * its time limit. Its output goes to {@code NAME.analyzer.log} beside the dump. Plain Java: the service and the tests
 * drive it alike.
 */
public final class DumpAnalyzer {

    /** What became of an analysis. */
    public interface Listener {
        /** The report is written; {@code suspect} is suspect 1's sentence (or what the report says instead). */
        void analysed(Path dump, Path htmlReport, String suspect, long millis);

        /** No report: {@code message} says why and what to do. */
        void notAnalysed(Path dump, String message);

        /** The child JVM started. */
        void started(Path dump, long pid, AnalyzerSettings settings);
    }

    /** Analyses waiting behind the running one, at most: dumps come seldom; more would only pile up. */
    static final int QUEUE = 3;
    /** The analyzer's command line (the jar's Main-Class, for {@code java -jar vigil-analyzer.jar} by hand). */
    static final String MAIN = "dev.vigil.analyzer.Main";
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Supplier<AnalyzerSettings> settings;
    private final LongSupplier availableMemory;
    private final Listener listener;
    private final List<String> classPath;
    private final ExecutorService runner;
    private final Set<Path> waiting = new LinkedHashSet<>();
    private volatile Path running;
    private volatile Process child;
    private volatile boolean closed;

    public DumpAnalyzer(Supplier<AnalyzerSettings> settings, Listener listener) {
        this(settings, DumpAnalyzer::availableMemory, listener, analyzerClassPath());
    }

    DumpAnalyzer(Supplier<AnalyzerSettings> settings, LongSupplier availableMemory, Listener listener, List<String> classPath) {
        this.settings = settings;
        this.availableMemory = availableMemory;
        this.listener = listener;
        this.classPath = classPath;
        this.runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE), task -> {
            Thread thread = new Thread(task, "vigil-dump-analyzer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues the dump's analysis; false (and the listener told why) when too many wait already. */
    public boolean submit(Path dump) {
        synchronized (waiting) {
            if (closed || waiting.contains(dump) || dump.equals(running)) {
                return !closed;
            }
            try {
                runner.execute(() -> run(dump));
                waiting.add(dump);
            } catch (RejectedExecutionException full) {
                listener.notAnalysed(dump, VigilLogger.ROOT_LOGGER.analysisQueueFull(dump.getFileName().toString(), QUEUE, dump.toString()));
                return false;
            }
        }
        return true;
    }

    /** {@code queued}, {@code running}, or null when the analyzer has nothing to do with it now. */
    public String state(Path dump) {
        if (dump.equals(running)) {
            return AnalysisState.RUNNING;
        }
        synchronized (waiting) {
            return waiting.contains(dump) ? AnalysisState.QUEUED : null;
        }
    }

    /** Stops the running analysis (the server stops: its child must not outlive it) and drops the queue. */
    public void close() {
        synchronized (waiting) {
            closed = true;
            waiting.clear();
        }
        runner.shutdownNow();
        Process process = child;
        if (process != null) {
            kill(process);
        }
        try {
            // the runner writes the stopped child's last words into its log, then is done: seconds at most
            runner.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Path dump) {
        synchronized (waiting) {
            waiting.remove(dump);
            if (closed) {
                return;
            }
            running = dump;
        }
        try {
            analyse(dump);
        } finally {
            running = null;
        }
    }

    private void analyse(Path dump) {
        AnalyzerSettings settings = this.settings.get();
        String name = dump.getFileName().toString();
        String base = ReportFiles.base(name);
        Path directory = dump.getParent();
        Path log = directory.resolve(base + ReportFiles.ANALYZER_LOG);
        if (!Files.isRegularFile(dump, LinkOption.NOFOLLOW_LINKS)) {
            return; // deleted while it waited (max-dumps, delete-dump): nothing to report on
        }
        long available = availableMemory.getAsLong();
        if (available >= 0 && available < settings.maxHeap()) {
            String message = VigilLogger.ROOT_LOGGER.analysisNoMemory(name, Bytes.format(settings.maxHeap()),
                    Bytes.format(available), dump.toString());
            writeLog(log, message + "\n");
            listener.notAnalysed(dump, message);
            return;
        }
        List<String> command = command(dump, settings);
        long start = System.nanoTime();
        Path part = directory.resolve(ReportFiles.PART + base + ReportFiles.ANALYZER_LOG + "." + UUID.randomUUID() + ".part");
        Process process;
        try (OutputStream out = DumpDirectory.createNew(part)) {
            out.write(("$ " + String.join(" ", command) + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
            } catch (IOException e) {
                String message = VigilLogger.ROOT_LOGGER.analyzerNotStarted(name, String.valueOf(e.getMessage()), dump.toString());
                out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                out.close();
                moveLog(part, log);
                listener.notAnalysed(dump, message);
                return;
            }
            child = process;
            if (closed) {
                kill(process); // the server stopped while it started
            }
            listener.started(dump, process.pid(), settings);
            Thread pump = pump(process.getInputStream(), out, name);
            boolean ended = process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                kill(process);
            }
            process.waitFor(10, TimeUnit.SECONDS);
            pump.join(TimeUnit.SECONDS.toMillis(10));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String outcome;
            if (!ended) {
                outcome = closed ? null : VigilLogger.ROOT_LOGGER.analysisTimedOut(name, settings.timeout().toSeconds(), log.getFileName().toString(),
                        dump.toString());
            } else if (process.exitValue() != 0) {
                outcome = closed ? null : VigilLogger.ROOT_LOGGER.analysisFailed(name, process.exitValue(), log.getFileName().toString());
            } else {
                outcome = "";
            }
            if (outcome == null) {
                out.write("stopped: the server stopped\n".getBytes(StandardCharsets.UTF_8));
            } else if (!outcome.isEmpty()) {
                out.write((outcome + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.close();
            moveLog(part, log);
            if (outcome == null) {
                removeParts(directory, base);
                return;
            }
            if (!outcome.isEmpty()) {
                removeParts(directory, base);
                listener.notAnalysed(dump, outcome);
                return;
            }
            if (!Files.exists(dump, LinkOption.NOFOLLOW_LINKS)) {
                // deleted while it was analysed: a report of no dump would never be listed or deleted
                for (String suffix : List.of(ReportFiles.REPORT_HTML, ReportFiles.REPORT_JSON, ReportFiles.ANALYZER_LOG)) {
                    Files.deleteIfExists(directory.resolve(base + suffix));
                }
                return;
            }
            listener.analysed(dump, directory.resolve(base + ReportFiles.REPORT_HTML), ReportSummary.firstSuspect(directory.resolve(base + ReportFiles.REPORT_JSON)),
                    millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Process running = child;
            if (running != null) {
                kill(running);
            }
        } catch (IOException e) {
            listener.notAnalysed(dump, VigilLogger.ROOT_LOGGER.analyzerNotStarted(name, String.valueOf(e.getMessage()), dump.toString()));
        } finally {
            child = null;
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // a part is never listed; the next boot's cleanup takes it
            }
        }
    }

    /** The child's command: low priority where the OS has {@code nice}, the configured heap, the analyzer's own class path. */
    List<String> command(Path dump, AnalyzerSettings settings) {
        // one GC thread: the server keeps the other cores; the analyzer's heap is mostly a few large arrays
        List<String> command = childJava(List.of("-Xmx" + Math.max(1, settings.maxHeap() / (1024 * 1024)) + "m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true"), classPath, MAIN);
        command.add(dump.toString());
        command.add("--out");
        command.add(dump.getParent().toString());
        return command;
    }

    /**
     * A child JVM of this server's own {@code java} ({@code java.home}) up to its main class: {@code nice -n 19} first
     * where the OS has it, then {@code options}, the class path, {@code main}; the caller adds the arguments. The
     * analyzer and {@link GzipFollower} are started alike.
     */
    static List<String> childJava(List<String> options, List<String> classPath, String main) {
        List<String> command = new ArrayList<>();
        for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
            if (Files.isExecutable(Path.of(nice))) {
                command.addAll(List.of(nice, "-n", "19"));
                break;
            }
        }
        command.add(JAVA);
        command.addAll(options);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath));
        command.add(main);
        return command;
    }

    /** Copies the child's output into the log as it comes, so a long run's progress is there to read. */
    private static Thread pump(InputStream in, OutputStream out, String dump) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // the child was stopped, or the log closed: what came is in the log
            }
        }, "vigil-dump-analyzer-log " + dump);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** A killed analyzer leaves its half-written reports under hidden names: gone with it. */
    private static void removeParts(Path directory, String base) {
        try (var parts = Files.newDirectoryStream(directory, ReportFiles.PART + base + ".report.*")) {
            for (Path part : parts) {
                Files.deleteIfExists(part);
            }
        } catch (IOException ignored) {
            // never listed either way
        }
    }

    private static void moveLog(Path part, Path log) throws IOException {
        DumpDirectory.ownerOnly(part);
        Files.move(part, log, StandardCopyOption.ATOMIC_MOVE); // a rename: a link at the log's name is replaced, never written through
    }

    private static void writeLog(Path log, String text) {
        try {
            HeapDumper.write(log, text);
        } catch (IOException e) {
            // the log line says it all the same
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /**
     * The memory a new process may take now: Linux's MemAvailable (free memory plus what the page cache would give
     * back), lowered to what the server's own cgroup (v2) still allows when it has a limit, as in a container or a
     * systemd unit with MemoryMax (the child joins the server's cgroup, so the limit is shared); else the JVM's view of
     * free physical memory; -1 if neither is known.
     */
    static long availableMemory() {
        long available = availableMemory(Path.of("/proc/meminfo"), Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
        if (available >= 0) {
            return available;
        }
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getFreeMemorySize() : -1;
    }

    /** As {@link #availableMemory()} from these files; -1 without a readable MemAvailable. */
    static long availableMemory(Path meminfo, Path selfCgroup, Path cgroupRoot) {
        long available = -1;
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemAvailable:")) {
                    available = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
        long room = cgroupRoom(selfCgroup, cgroupRoot);
        return available < 0 ? -1 : room >= 0 ? Math.min(available, room) : available;
    }

    /** memory.max minus memory.current of this process's cgroup v2 (or the root of a container's), -1 without a limit. */
    private static long cgroupRoom(Path selfCgroup, Path cgroupRoot) {
        try {
            String own = "";
            for (String line : Files.readAllLines(selfCgroup)) {
                if (line.startsWith("0::")) {
                    own = line.substring(3).replaceFirst("^/", "");
                }
            }
            for (Path dir : List.of(cgroupRoot.resolve(own).normalize(), cgroupRoot)) {
                if (!dir.startsWith(cgroupRoot) || !Files.isRegularFile(dir.resolve("memory.max"))) {
                    continue;
                }
                String max = Files.readString(dir.resolve("memory.max")).trim();
                if (max.equals("max")) {
                    return -1;
                }
                return Math.max(0, Long.parseLong(max) - Long.parseLong(Files.readString(dir.resolve("memory.current")).trim()));
            }
        } catch (IOException | RuntimeException noCgroupV2) {
            // cgroup v1, or none: MemAvailable alone
        }
        return -1;
    }

    /**
     * Where the analyzer's classes are: {@code vigil-analyzer.jar} beside the subsystem's in the module (a JBoss Modules
     * resource root), or a directory of classes in the tests.
     */
    static List<String> analyzerClassPath() {
        return classPathOf(Analyzer.class);
    }

    /** The jar (or, in the tests, the directory of classes) {@code type} was loaded from, as a class path of one entry. */
    static List<String> classPathOf(Class<?> type) {
        URL location = type.getProtectionDomain().getCodeSource().getLocation();
        String url = location.toString();
        if (url.startsWith("jar:")) {
            url = url.substring("jar:".length());
            int bang = url.indexOf("!/");
            if (bang >= 0) {
                url = url.substring(0, bang);
            }
        }
        try {
            return List.of(Path.of(new java.net.URI(url)).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("the classes of " + type.getName() + " are at " + location + ", not a file: " + e.getMessage(), e);
        }
    }
}
