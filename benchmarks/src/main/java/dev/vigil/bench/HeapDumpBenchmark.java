package dev.vigil.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Vigil's {@code HeapDumper} against {@code jcmd <pid> GC.heap_dump}, on the same heap in the same run: live and all,
 * raw and gzip, on each JDK of {@code -Dbench.heapDump.jdks} (comma-separated JDK homes; default the harness's own).
 * Per JDK, starts a {@link DumpTarget} JVM with that JDK, then per round and variant has Vigil dump it from inside and
 * that JDK's jcmd from outside, alternating which goes first. One warm-up round, then {@code -Dbench.rounds} measured
 * ones. Each JDK gets its table; a last table sets the JDKs side by side (same live heap, same rounds).
 * <p>
 * jcmd's wall time includes starting its own JVM and attaching; the "net" column subtracts the median time of a
 * trivial {@code jcmd <pid> VM.version} measured in the same run, leaving about the dump itself. The pause is HotSpot's
 * own count of the time at safepoints while the dump ran (the target asked before and after), whoever dumped.
 * <p>
 * Usage: {@code HeapDumpBenchmark [report.md]}; run through Maven: {@code mvn -B -pl benchmarks -am -Pbenchmark -DskipTests verify}.
 */
public final class HeapDumpBenchmark {

    /** The measured JVM's heap: big enough for ~540 MB live and the garbage, as a small server's would be. */
    private static final List<String> TARGET_JVM_OPTIONS = List.of("-Xmx1g", "-XX:+UseG1GC");
    /** Not an option of the measurement: lets the target read its time at safepoints (see {@link Safepoints}). */
    private static final String SAFEPOINTS_ACCESS = "--add-exports=java.management/sun.management=ALL-UNNAMED";

    /** Vigil's raw dump may cost at most this much more than jcmd's. */
    private static final double TARGET_RAW_RATIO = 1.1;
    /** Vigil's compressed dump (raw dump, gzipped by a child process while it is written) may take at most this much more than {@code jcmd -gz=1}. */
    private static final double TARGET_GZIP_RATIO = 1.2;

    record Variant(String name, boolean live, boolean compress) {
        List<String> jcmdOptions() {
            List<String> options = new ArrayList<>();
            if (!live) {
                options.add("-all");
            }
            if (compress) {
                options.add("-gz=1"); // the same level as Vigil's (Deflater.BEST_SPEED)
            }
            return options;
        }

        String suffix() {
            return compress ? ".hprof.gz" : ".hprof";
        }

        double target() {
            return compress ? TARGET_GZIP_RATIO : TARGET_RAW_RATIO;
        }
    }

    private static final List<Variant> VARIANTS = List.of(new Variant("live, raw", true, false), new Variant("live, gzip", true, true),
            new Variant("all, raw", false, false), new Variant("all, gzip", false, true));

    /** One variant's samples, in ms and bytes. */
    record Samples(List<Long> vigilMs, List<Long> jcmdMs, List<Long> vigilBytes, List<Long> jcmdBytes, List<Long> vigilPauseMs, List<Long> jcmdPauseMs) {
        Samples() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** One JDK's run: what it is, the heap, the jcmd baseline, the load, and the samples per variant. */
    record JdkRun(Path home, String version, long liveHeap, long heapAtDump, long baselineMs, String load, List<Samples> samples) {
        String name() {
            return "JDK " + version;
        }

        /** The feature release ("17", "25"): enough for a column's name. */
        String release() {
            try {
                return String.valueOf(Runtime.Version.parse(version).feature());
            } catch (IllegalArgumentException e) {
                return version;
            }
        }
    }

    private final Process target;
    private final BufferedReader replies;
    private final PrintWriter commands;
    private final Path directory;
    private final String jcmd;

    private HeapDumpBenchmark(Process target, Path directory, String jcmd) {
        this.target = target;
        this.replies = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintWriter(target.getOutputStream(), true, StandardCharsets.UTF_8);
        this.directory = directory;
        this.jcmd = jcmd;
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "target/heap-dump-benchmark.md").toAbsolutePath();
        int rounds = Integer.getInteger("bench.rounds", 5);
        int liveMb = Integer.getInteger("bench.liveMb", 500);
        List<Path> jdks = jdks(System.getProperty("bench.heapDump.jdks", ""));
        List<JdkRun> runs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Path jdk : jdks) {
            if (!Files.isExecutable(jdk.resolve("bin").resolve("java")) || !Files.isExecutable(jdk.resolve("bin").resolve("jcmd"))) {
                System.out.println("No java and jcmd in " + jdk + ": left out");
                missing.add(jdk.toString());
                continue;
            }
            runs.add(run(jdk, rounds, liveMb));
        }
        if (runs.isEmpty()) {
            throw new IllegalStateException("No JDK to measure in bench.heapDump.jdks: " + jdks);
        }
        String markdown = report(rounds, runs, missing);
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(report.getParent());
        Files.writeString(report, markdown);
        System.out.println("Written to " + report);
    }

    /** The JDK homes to measure; none given: the harness's own. */
    private static List<Path> jdks(String property) {
        List<Path> jdks = Stream.of(property.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
        return jdks.isEmpty() ? List.of(Path.of(System.getProperty("java.home"))) : jdks;
    }

    /** Starts the measured JVM with this JDK (this class path: the harness is launched with the module's runtime class path) and measures it. */
    private static JdkRun run(Path jdk, int rounds, int liveMb) throws Exception {
        Path directory = Files.createTempDirectory("vigil-heap-dump-benchmark");
        List<String> command = new ArrayList<>();
        command.add(jdk.resolve("bin").resolve("java").toString());
        command.addAll(TARGET_JVM_OPTIONS);
        command.add(SAFEPOINTS_ACCESS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DumpTarget.class.getName(), directory.toString(), String.valueOf(liveMb)));
        System.out.println("Starting the measured JVM (" + jdk + "), filling ~" + liveMb + " MB of live heap...");
        Process target = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new HeapDumpBenchmark(target, directory, jdk.resolve("bin").resolve("jcmd").toString()).run(jdk, rounds);
        } finally {
            target.destroy();
            target.waitFor();
            clear(directory);
            Files.deleteIfExists(directory);
        }
    }

    private JdkRun run(Path jdk, int rounds) throws Exception {
        double loadBefore = load();
        String[] ready = reply().split(" ");
        long liveHeap = Long.parseLong(ready[1]);
        String version = ready.length > 2 ? ready[2] : jdk.getFileName().toString();
        System.out.printf("JDK %s; live heap %d MB; pid %d; dumps into %s%n", version, mb(liveHeap), target.pid(), directory);
        List<Samples> samples = new ArrayList<>();
        VARIANTS.forEach(v -> samples.add(new Samples()));
        List<Long> baselineMs = new ArrayList<>();
        List<Long> heapAtDump = new ArrayList<>();

        for (int round = 0; round <= rounds; round++) {
            boolean warmUp = round == 0; // JIT, the attach listener's first start, page cache: not measured
            baselineMs.add(time(jcmdCommand("VM.version")));
            for (int v = 0; v < VARIANTS.size(); v++) {
                Variant variant = VARIANTS.get(v);
                // Alternate who goes first, so neither always meets the page cache or the GC state the other left.
                boolean vigilFirst = (round + v) % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                    boolean vigil = vigilFirst == (turn == 0);
                    clear(directory); // never let one dump's dirty pages or files weigh on the next
                    commands.println("garbage"); // the same live heap plus ~100 MB garbage before each dump
                    heapAtDump.add(Long.parseLong(reply().split(" ")[1]));
                    long[] result = vigil ? vigil(variant) : jcmd(variant);
                    System.out.printf("%s %s %-10s %-6s %6d ms %6d MB, paused %6d ms%n", version, warmUp ? "warm-up" : "round " + round, variant.name(),
                            vigil ? "Vigil" : "jcmd", result[0], mb(result[1]), result[2]);
                    if (!warmUp) {
                        Samples s = samples.get(v);
                        (vigil ? s.vigilMs() : s.jcmdMs()).add(result[0]);
                        (vigil ? s.vigilBytes() : s.jcmdBytes()).add(result[1]);
                        (vigil ? s.vigilPauseMs() : s.jcmdPauseMs()).add(result[2]);
                    }
                }
            }
        }
        clear(directory);
        commands.println("quit");
        baselineMs.remove(0);
        String load = String.format(Locale.ROOT, "%.1f at the start, %.1f at the end", loadBefore, load());
        return new JdkRun(jdk, version, liveHeap, median(heapAtDump), median(baselineMs), load, samples);
    }

    private long[] vigil(Variant variant) throws IOException {
        commands.println("vigil " + variant.live() + " " + variant.compress());
        String[] reply = reply().split(" ");
        return new long[] { Long.parseLong(reply[0]), Long.parseLong(reply[1]), Long.parseLong(reply[2]) };
    }

    private long[] jcmd(Variant variant) throws IOException, InterruptedException {
        Path file = directory.resolve("jcmd" + variant.suffix());
        List<String> command = jcmdCommand("GC.heap_dump");
        command.addAll(variant.jcmdOptions());
        command.add(file.toString()); // absolute: jcmd's path is resolved in the target's working directory
        long safepoints = safepoints();
        long ms = time(command);
        long paused = safepoints < 0 ? -1 : safepoints() - safepoints;
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(String.join(" ", command) + " wrote no file");
        }
        return new long[] { ms, Files.size(file), paused };
    }

    private long safepoints() throws IOException {
        commands.println("safepoints");
        return Long.parseLong(reply().trim());
    }

    private List<String> jcmdCommand(String what) {
        return new ArrayList<>(List.of(jcmd, String.valueOf(target.pid()), what));
    }

    /** Wall time of a jcmd process, from start to exit: what an operator running it waits. */
    private static long time(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        long ms = (System.nanoTime() - start) / 1_000_000;
        // jcmd exits 0 even when the command failed inside the target: its output tells
        if (exit != 0 || output.contains("Exception") || output.contains("failed") || output.contains("Unable")) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + exit + "): " + output);
        }
        return ms;
    }

    /** The next reply of the measured JVM, skipping anything else it printed. */
    private String reply() throws IOException {
        for (String line; (line = replies.readLine()) != null; ) {
            if (line.startsWith(DumpTarget.REPLY)) {
                String reply = line.substring(DumpTarget.REPLY.length());
                if (reply.startsWith("error")) {
                    throw new IllegalStateException(reply);
                }
                return reply;
            }
            System.out.println("[target] " + line);
        }
        throw new IllegalStateException("The measured JVM ended (exit " + waitExit() + "); see its output above");
    }

    private int waitExit() {
        try {
            return target.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String report(int rounds, List<JdkRun> runs, List<String> missing) {
        StringBuilder out = new StringBuilder();
        out.append("# Heap dump: Vigil's HeapDumper vs jcmd GC.heap_dump\n\n");
        out.append(String.format(Locale.ROOT, "- When: %s%n", Instant.now()));
        out.append(String.format(Locale.ROOT, "- JDKs: %s%s%n", String.join(", ", runs.stream().map(r -> r.name() + " (" + r.home() + ")").toList()),
                missing.isEmpty() ? "" : "; left out (no java and jcmd): " + String.join(", ", missing)));
        out.append(String.format(Locale.ROOT, "- Cores: %d; measured JVM: %s%n", Runtime.getRuntime().availableProcessors(), String.join(" ", TARGET_JVM_OPTIONS)));
        out.append(String.format(Locale.ROOT, "- Rounds: 1 warm-up + %d measured per variant and JDK, Vigil and jcmd alternating; median (min)%n", rounds));
        out.append("- Pause: the measured JVM's time at safepoints while the dump ran (HotSpot's count), median\n");
        out.append(String.format(Locale.ROOT, "- Targets: Vigil/jcmd time ratio <= %.1f for raw dumps, Vigil/`jcmd -gz=1` <= %.1f for gzip, and a gzip dump pausing as long as a raw one%n",
                TARGET_RAW_RATIO, TARGET_GZIP_RATIO));
        for (JdkRun run : runs) {
            out.append(String.format(Locale.ROOT, "%n## %s%n%n", run.name()));
            // Anything else running competes for the cores (and the GC and gzip threads need them): say how busy it was.
            out.append(String.format(Locale.ROOT, "- System load average: %s%n", run.load()));
            out.append(String.format(Locale.ROOT, "- Heap: %d MB live; %d MB used before each dump (median, live + garbage)%n", mb(run.liveHeap()), mb(run.heapAtDump())));
            out.append(String.format(Locale.ROOT, "- `jcmd <pid> VM.version` takes %d ms (median): net = wall - that%n%n", run.baselineMs()));
            out.append("| variant | Vigil ms | Vigil paused ms | jcmd ms (wall) | jcmd ms (net) | jcmd paused ms | ratio Vigil/jcmd (wall) | ratio (net) | Vigil size MB | jcmd size MB |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            List<String> verdicts = new ArrayList<>();
            for (int v = 0; v < VARIANTS.size(); v++) {
                Variant variant = VARIANTS.get(v);
                Samples s = run.samples().get(v);
                List<Long> netMs = s.jcmdMs().stream().map(ms -> ms - run.baselineMs()).toList();
                double wallRatio = (double) median(s.vigilMs()) / median(s.jcmdMs());
                double netRatio = (double) median(s.vigilMs()) / median(netMs);
                out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %d | %.2f | %.2f | %d | %d |%n", variant.name(), cell(s.vigilMs()),
                        median(s.vigilPauseMs()), cell(s.jcmdMs()), cell(netMs), median(s.jcmdPauseMs()), wallRatio, netRatio,
                        mb(median(s.vigilBytes())), mb(median(s.jcmdBytes()))));
                double target = variant.target();
                String verdict = String.format(Locale.ROOT, "%s: %.2f wall, %.2f net against %.1f (%s)", variant.name(), wallRatio, netRatio, target,
                        netRatio <= target ? "met, wall and net" : wallRatio <= target ? "met on wall time only" : "NOT met");
                if (variant.compress()) {
                    // the raw variant of the same liveness is the one before
                    long rawPause = median(run.samples().get(v - 1).vigilPauseMs());
                    verdict += String.format(Locale.ROOT, ", paused %d ms against %d ms raw", median(s.vigilPauseMs()), rawPause);
                }
                verdicts.add(verdict);
            }
            out.append(String.format(Locale.ROOT, "%nTargets: %s%n", String.join("; ", verdicts)));
        }
        if (runs.size() > 1) {
            JdkRun first = runs.get(0);
            out.append(String.format(Locale.ROOT, "%n## The JDKs side by side (same program, same live heap)%n%n"));
            StringBuilder header = new StringBuilder("| variant |");
            StringBuilder rule = new StringBuilder("|---|");
            for (JdkRun run : runs) {
                header.append(String.format(Locale.ROOT, " Vigil ms, %s | paused ms, %s | jcmd ms (wall), %s | jcmd paused ms, %s |", run.release(), run.release(),
                        run.release(), run.release()));
                rule.append("---:|---:|---:|---:|");
            }
            for (JdkRun run : runs.subList(1, runs.size())) {
                header.append(String.format(Locale.ROOT, " Vigil %s / %s |", run.release(), first.release()));
                rule.append("---:|");
            }
            out.append(header).append('\n').append(rule).append('\n');
            for (int v = 0; v < VARIANTS.size(); v++) {
                out.append("| ").append(VARIANTS.get(v).name()).append(" |");
                for (JdkRun run : runs) {
                    Samples s = run.samples().get(v);
                    out.append(String.format(Locale.ROOT, " %d | %d | %d | %d |", median(s.vigilMs()), median(s.vigilPauseMs()), median(s.jcmdMs()),
                            median(s.jcmdPauseMs())));
                }
                for (JdkRun run : runs.subList(1, runs.size())) {
                    out.append(String.format(Locale.ROOT, " %.2f |", (double) median(run.samples().get(v).vigilMs()) / median(first.samples().get(v).vigilMs())));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String cell(List<Long> ms) {
        return median(ms) + " (" + Collections.min(ms) + ")";
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long mb(long bytes) {
        return Math.round(bytes / 1048576.0);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void clear(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
    }
}
