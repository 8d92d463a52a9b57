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
 * raw and gzip. Starts a {@link DumpTarget} JVM, then per round and variant has Vigil dump it from inside and jcmd
 * from outside, alternating which goes first. One warm-up round, then {@code -Dbench.rounds} measured ones.
 * <p>
 * jcmd's wall time includes starting its own JVM and attaching; the "net" column subtracts the median time of a
 * trivial {@code jcmd <pid> VM.version} measured in the same run, leaving about the dump itself.
 * <p>
 * Usage: {@code HeapDumpBenchmark [report.md]}; run through Maven: {@code mvn -B -pl benchmarks -am -Pbenchmark -DskipTests verify}.
 */
public final class HeapDumpBenchmark {

    /** The measured JVM's heap: big enough for ~540 MB live and the garbage, as a small server's would be. */
    private static final List<String> TARGET_JVM_OPTIONS = List.of("-Xmx1g", "-XX:+UseG1GC");

    /** Vigil's raw dump may cost at most this much more than jcmd's. */
    private static final double TARGET_RAW_RATIO = 1.1;

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
    }

    private static final List<Variant> VARIANTS = List.of(new Variant("live, raw", true, false), new Variant("live, gzip", true, true),
            new Variant("all, raw", false, false), new Variant("all, gzip", false, true));

    /** One variant's samples, in ms and bytes. */
    record Samples(List<Long> vigilMs, List<Long> jcmdMs, List<Long> vigilBytes, List<Long> jcmdBytes) {
        Samples() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
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
        Path directory = Files.createTempDirectory("vigil-heap-dump-benchmark");
        String jcmd = jcmd();

        // The same java as this one, with this class path: the harness is launched with the module's runtime class path.
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(TARGET_JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DumpTarget.class.getName(), directory.toString(), String.valueOf(liveMb)));
        System.out.println("Starting the measured JVM, filling ~" + liveMb + " MB of live heap...");
        Process target = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            HeapDumpBenchmark benchmark = new HeapDumpBenchmark(target, directory, jcmd);
            String markdown = benchmark.run(rounds);
            System.out.println();
            System.out.println(markdown);
            Files.createDirectories(report.getParent());
            Files.writeString(report, markdown);
            System.out.println("Written to " + report);
        } finally {
            target.destroy();
            target.waitFor();
            clear(directory);
            Files.deleteIfExists(directory);
        }
    }

    private String run(int rounds) throws Exception {
        double loadBefore = load();
        long liveHeap = Long.parseLong(reply().split(" ")[1]);
        System.out.printf("Live heap %d MB; pid %d; dumps into %s%n", mb(liveHeap), target.pid(), directory);
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
                    System.out.printf("%s %-10s %-6s %6d ms %6d MB%n", warmUp ? "warm-up" : "round " + round, variant.name(),
                            vigil ? "Vigil" : "jcmd", result[0], mb(result[1]));
                    if (!warmUp) {
                        Samples s = samples.get(v);
                        (vigil ? s.vigilMs() : s.jcmdMs()).add(result[0]);
                        (vigil ? s.vigilBytes() : s.jcmdBytes()).add(result[1]);
                    }
                }
            }
        }
        clear(directory);
        commands.println("quit");
        baselineMs.remove(0);
        String load = String.format(Locale.ROOT, "%.1f at the start, %.1f at the end", loadBefore, load());
        return report(rounds, liveHeap, median(heapAtDump), median(baselineMs), load, samples);
    }

    private long[] vigil(Variant variant) throws IOException {
        commands.println("vigil " + variant.live() + " " + variant.compress());
        String[] reply = reply().split(" ");
        return new long[] { Long.parseLong(reply[0]), Long.parseLong(reply[1]) };
    }

    private long[] jcmd(Variant variant) throws IOException, InterruptedException {
        Path file = directory.resolve("jcmd" + variant.suffix());
        List<String> command = jcmdCommand("GC.heap_dump");
        command.addAll(variant.jcmdOptions());
        command.add(file.toString()); // absolute: jcmd's path is resolved in the target's working directory
        long ms = time(command);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(String.join(" ", command) + " wrote no file");
        }
        return new long[] { ms, Files.size(file) };
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

    private String report(int rounds, long liveHeap, long heapAtDump, long baselineMs, String load, List<Samples> samples) {
        StringBuilder out = new StringBuilder();
        out.append("# Heap dump: Vigil's HeapDumper vs jcmd GC.heap_dump\n\n");
        out.append(String.format(Locale.ROOT, "- When: %s%n", Instant.now()));
        out.append(String.format(Locale.ROOT, "- JDK: %s %s (%s)%n", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor")));
        out.append(String.format(Locale.ROOT, "- Cores: %d; measured JVM: %s%n", Runtime.getRuntime().availableProcessors(), String.join(" ", TARGET_JVM_OPTIONS)));
        // Anything else running competes for the cores (and the GC and gzip threads need them): say how busy it was.
        out.append(String.format(Locale.ROOT, "- System load average: %s%n", load));
        out.append(String.format(Locale.ROOT, "- Heap: %d MB live; %d MB used before each dump (median, live + garbage)%n", mb(liveHeap), mb(heapAtDump)));
        out.append(String.format(Locale.ROOT, "- Rounds: 1 warm-up + %d measured per variant, Vigil and jcmd alternating; median (min)%n", rounds));
        out.append(String.format(Locale.ROOT, "- jcmd: %s; `jcmd <pid> VM.version` takes %d ms (median): net = wall - that%n", jcmd, baselineMs));
        out.append(String.format(Locale.ROOT, "- Target: Vigil/jcmd time ratio <= %.1f for raw dumps%n%n", TARGET_RAW_RATIO));
        out.append("| variant | Vigil ms | jcmd ms (wall) | jcmd ms (net) | ratio Vigil/jcmd (wall) | ratio (net) | Vigil size MB | jcmd size MB |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> verdicts = new ArrayList<>();
        for (int v = 0; v < VARIANTS.size(); v++) {
            Variant variant = VARIANTS.get(v);
            Samples s = samples.get(v);
            List<Long> netMs = s.jcmdMs().stream().map(ms -> ms - baselineMs).toList();
            double wallRatio = (double) median(s.vigilMs()) / median(s.jcmdMs());
            double netRatio = (double) median(s.vigilMs()) / median(netMs);
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.2f | %d | %d |%n", variant.name(), cell(s.vigilMs()), cell(s.jcmdMs()),
                    cell(netMs), wallRatio, netRatio, mb(median(s.vigilBytes())), mb(median(s.jcmdBytes()))));
            if (!variant.compress()) {
                verdicts.add(String.format(Locale.ROOT, "%s: %.2f wall, %.2f net (%s)", variant.name(), wallRatio, netRatio,
                        netRatio <= TARGET_RAW_RATIO ? "met, wall and net" : wallRatio <= TARGET_RAW_RATIO ? "met on wall time only" : "NOT met"));
            }
        }
        out.append(String.format(Locale.ROOT, "%nTarget (raw ratio <= %.1f): %s%n", TARGET_RAW_RATIO, String.join("; ", verdicts)));
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

    /** The JDK's own jcmd, beside this java; else whatever jcmd is on the PATH. */
    private static String jcmd() {
        Path beside = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(beside) ? beside.toString() : "jcmd";
    }

    private static void clear(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
    }
}
