package dev.vigil.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import org.jboss.dmr.ModelNode;

import dev.vigil.action.ActionRequest;
import dev.vigil.census.CensusSettings;
import dev.vigil.census.ThreadCensusService;
import dev.vigil.dump.HeapDumpService;
import dev.vigil.dump.HeapDumpSettings;
import dev.vigil.suspect.LeakSuspectsService;
import dev.vigil.suspect.Thresholds;

/**
 * The {@code leak-suspects} action against a plain {@code histogram} action, in one JVM: both take a live class
 * histogram (a full collection, then a heap walk) and write their file; the suspects also take a census and rank
 * against a baseline. Per round, alternating which goes first: wall time, the JVM's time at safepoints (the world
 * stopped) and process CPU. The ratios are the medians' over {@code -Dbench.rounds} rounds; the goal is at most 1.1.
 * The heap holds {@code -Dbench.liveMb} MB in 16 KB arrays, 100,000 small objects and 200 parked threads (a leak).
 * Usage: {@code LeakSuspectsBenchmark [report.md]}; needs {@code --add-exports=java.management/sun.management=ALL-UNNAMED}
 * for the safepoint time.
 */
public final class LeakSuspectsBenchmark {

    private static final double TARGET_RATIO = 1.1;

    /** What the leak keeps: one per parked thread, and many more in a list. */
    static final class Kept {
        final long id;

        Kept(long id) {
            this.id = id;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        int liveMb = Integer.getInteger("bench.liveMb", 200);
        Path report = args.length > 0 ? Path.of(args[0]) : null;
        Path directory = Files.createTempDirectory("vigil-suspects-bench");

        List<Object> live = new ArrayList<>();
        for (int i = 0; i < liveMb * 64; i++) {
            live.add(new byte[16 * 1024]);
        }
        for (int i = 0; i < 100_000; i++) {
            live.add(new Kept(i));
        }
        CountDownLatch gate = new CountDownLatch(1);

        HeapDumpService dumps = new HeapDumpService("bench",
                new HeapDumpSettings(directory, true, false, Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO, 0, false), ModelNode::new);
        ThreadCensusService census = new ThreadCensusService(new CensusSettings(Duration.ofSeconds(10), 500, false, List.of()), List.of(),
                (action, request) -> { });
        LeakSuspectsService suspects = new LeakSuspectsService(() -> dumps, () -> census, () -> dumps, () -> null, Thresholds.DEFAULT);
        suspects.takeBaseline("bench");
        for (int i = 0; i < 200; i++) {
            Kept kept = new Kept(i);
            Thread thread = new Thread(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                live.add(kept);
            }, "bench-leak");
            thread.setDaemon(true);
            thread.start();
        }

        // warm-up: one of each
        dumps.histogramAction(request(0, "histogram"));
        suspects.action(request(0, "suspects"));

        List<double[]> histogram = new ArrayList<>();
        List<double[]> leakSuspects = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            int r = round;
            Measured h = () -> dumps.histogramAction(request(r, "histogram"));
            Measured s = () -> suspects.action(request(r, "suspects"));
            if (round % 2 == 0) {
                histogram.add(measure(h));
                leakSuspects.add(measure(s));
            } else {
                leakSuspects.add(measure(s));
                histogram.add(measure(h));
            }
        }
        gate.countDown();

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "# leak-suspects against histogram%n%n%s, %d rounds, %d MB live + 100,000 objects + 200 parked threads, %s %s%n%n",
                Instant.now(), rounds, liveMb, System.getProperty("java.vm.name"), System.getProperty("java.version")));
        out.append("| action | wall ms (median) | safepoint ms (median) | process CPU ms (median) |\n|---|---|---|---|\n");
        out.append(row("histogram", histogram)).append(row("leak-suspects", leakSuspects));
        double pause = median(leakSuspects, 1) / median(histogram, 1);
        double cpu = median(leakSuspects, 2) / median(histogram, 2);
        out.append(String.format(Locale.ROOT, "%nratio leak-suspects / histogram: pause %.2f, CPU %.2f, wall %.2f (goal <= %.1f): %s%n", pause, cpu,
                median(leakSuspects, 0) / median(histogram, 0), TARGET_RATIO, pause <= TARGET_RATIO && cpu <= TARGET_RATIO ? "met" : "NOT met"));
        System.out.print(out);
        if (report != null) {
            Files.writeString(report, out);
        }
        live.clear(); // kept reachable until here
    }

    @FunctionalInterface
    private interface Measured {
        void run() throws Exception;
    }

    private static ActionRequest request(int round, String what) {
        return new ActionRequest("bench", "bench-" + what + "-" + round, "benchmark round " + round + " (" + what + ")", Instant.now(), new ModelNode());
    }

    /** {wall ms, safepoint ms (or GC ms when the safepoint time cannot be read), process CPU ms}. */
    private static double[] measure(Measured action) throws Exception {
        long safepoint = Safepoints.totalMillis();
        long gc = gcMillis();
        long cpu = cpuNanos();
        long start = System.nanoTime();
        action.run();
        double wall = (System.nanoTime() - start) / 1e6;
        double stopped = safepoint >= 0 ? Safepoints.totalMillis() - safepoint : gcMillis() - gc;
        return new double[] { wall, stopped, (cpuNanos() - cpu) / 1e6 };
    }

    private static String row(String name, List<double[]> rows) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, median(rows, 0), median(rows, 1), median(rows, 2));
    }

    private static double median(List<double[]> rows, int column) {
        List<Double> values = new ArrayList<>();
        rows.forEach(row -> values.add(row[column]));
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private LeakSuspectsBenchmark() {
    }
}
