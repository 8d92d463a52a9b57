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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Vigil's {@code ThreadCensus}: what a census costs against {@code Thread.getAllStackTraces()}, and what creator
 * tracking (JFR {@code jdk.ThreadStart} with stacks, streamed) costs the threads an application starts.
 * <ol>
 * <li>Census cost: per thread count, a fresh {@link CensusTarget} JVM with that many {@code OrderPoller}s parked three
 * application frames deep. The census code is warmed first on the JVM's own few threads; then a fresh census' first
 * take (cold: every thread is new and resolved, one stack sample for all), a few unmeasured takes, then
 * {@code -Dbench.census.takes} steady takes (every thread known: listing and bookkeeping only) interleaved with
 * {@code -Dbench.census.stackCalls} {@code Thread.getAllStackTraces()} calls in the same JVM. The cold take is set
 * against the first {@code getAllStackTraces()} of another fresh JVM with the same threads: walking a thread's stack
 * the first time costs more. Both calls stop the world (a safepoint); how long is measured too.
 * <li>Thread start throughput: two {@link CensusTarget} JVMs, one with a census with creator tracking on, one with it
 * off (no JFR at all). Per round each starts and joins {@code -Dbench.census.starts} threads that do nothing,
 * {@code -Dbench.census.batch} at a time, then takes a census (as the server's timer would, which drops the creators of
 * ended threads) and rests, so that JFR's parsing of the round's events is over before the other JVM runs. One
 * warm-up round, then {@code -Dbench.rounds} measured ones per JVM, alternating which goes first. Each round's
 * process CPU (rest included) is measured too: it holds all of JFR's work, in the round's time window or not. Thread
 * starts are mostly kernel work and very sensitive to anything else running: the harness waits for a quiet machine
 * before each round and repeats a round during which other processes kept the cores busy (Linux' /proc/stat), within
 * a time budget.
 * </ol>
 * Usage: {@code ThreadCensusBenchmark [report.md]}; run through Maven: {@code mvn -B -pl benchmarks -am -Pbenchmark -DskipTests verify}.
 */
public final class ThreadCensusBenchmark {

    /** The measured JVMs: a small heap is plenty; the threads' stacks are native memory. */
    private static final List<String> TARGET_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseG1GC");
    /** Lets the measured JVMs read HotSpot's safepoint time (how long the world stood still), by reflection. */
    private static final String SAFEPOINT_ACCESS = "--add-exports=java.management/sun.management=ALL-UNNAMED";

    /** Thread count at which the census must be at least {@link #TARGET_STACKS_RATIO} times cheaper than getAllStackTraces. */
    private static final int TARGET_THREADS = 10_000;
    private static final double TARGET_STACKS_RATIO = 20;
    /** Thread start throughput with creator tracking on over off: at least this. */
    private static final double TARGET_TRACKING_RATIO = 0.9;

    /** Census takes run to warm the code before measuring (on the JVM's own threads), and unmeasured takes after the cold one. */
    private static final int WARM_TAKES = 400;
    private static final int SETTLE_TAKES = 5;
    private static final int SETTLE_STACK_CALLS = 2;
    /** Rest after each throughput round: JFR flushes its stream once a second. */
    private static final long REST_MILLIS = 2000;
    /**
     * A throughput round during which the rest of the machine kept more than this many cores busy is repeated (up to
     * {@link #MAX_ATTEMPTS} times); before each, the harness waits for the machine to be that quiet. Both within
     * {@link #DISTURBANCE_BUDGET_SECONDS} in all, after which rounds are kept as they come.
     */
    private static final double QUIET_CORES = 0.25;
    private static final int MAX_ATTEMPTS = 3;
    private static final long DISTURBANCE_BUDGET_SECONDS = 150;
    /** Pollers started, and seconds waited, to check that creator tracking names their creator. */
    private static final int CREATOR_CHECK_THREADS = 10;
    private static final int CREATOR_CHECK_SECONDS = 15;

    /**
     * One thread count's results: nanos, and safepoint ms (-1: unknown). First stacks: the first getAllStackTraces of
     * another fresh JVM with the same threads, none of them walked before (as the cold take's).
     */
    record Cost(int parked, int live, long coldNanos, long coldSafepointMs, int coldEntries, List<Long> takeNanos, List<Integer> takeEntries,
            List<Long> stackNanos, List<Long> stackSafepointMs, int stackThreads, long firstStacksNanos, long firstStacksSafepointMs) {
    }

    /** One variant's measured rounds, the other processes' CPU meanwhile (cores), and how many rounds were repeated. */
    record Throughput(List<Long> nanos, List<Long> cpuNanos, List<Double> others, AtomicInteger repeated) {
        Throughput() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new AtomicInteger());
        }
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "target/thread-census-benchmark.md").toAbsolutePath();
        int rounds = Integer.getInteger("bench.rounds", 5);
        List<Integer> counts = Arrays.stream(System.getProperty("bench.census.threads", "1000,10000").split(","))
                .map(String::trim).filter(count -> !count.isEmpty()).map(Integer::parseInt).toList();
        int takes = Integer.getInteger("bench.census.takes", 20);
        int stackCalls = Math.min(Integer.getInteger("bench.census.stackCalls", 10), takes);
        int starts = Integer.getInteger("bench.census.starts", 20_000);
        int batch = Integer.getInteger("bench.census.batch", 100);

        long began = System.nanoTime();
        double loadBefore = load();
        List<Cost> costs = new ArrayList<>();
        for (int parked : counts) {
            System.out.printf("Census cost: a fresh JVM with %d parked threads...%n", parked);
            costs.add(cost(parked, takes, stackCalls));
        }
        double loadBetween = load();
        System.out.printf("Thread start throughput: %d threads per round, %d at a time, creator tracking on and off...%n", starts, batch);
        Throughput off = new Throughput();
        Throughput on = new Throughput();
        String creators = throughput(rounds, starts, batch, off, on, false);
        System.out.printf("Thread start throughput again, with JFR's default recording running in both JVMs...%n");
        Throughput jfrOff = new Throughput();
        Throughput jfrOn = new Throughput();
        throughput(rounds, starts, batch, jfrOff, jfrOn, true);
        String load = String.format(Locale.ROOT, "%.2f at the start, %.2f after the census cost, %.2f at the end", loadBefore, loadBetween, load());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);

        String markdown = report(load, seconds, takes, stackCalls, costs, rounds, starts, batch, off, on, jfrOff, jfrOn, creators);
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(report.getParent());
        Files.writeString(report, markdown);
        System.out.println("Written to " + report);
    }

    private static Cost cost(int parked, int takes, int stackCalls) throws IOException, InterruptedException {
        long[] firstStacks;
        try (Target target = Target.start()) {
            target.ask("warm " + WARM_TAKES);
            target.ask("park " + parked);
            firstStacks = target.numbers("stacks");
            System.out.printf("  first getAllStackTraces (a JVM of its own) %.2f ms, %d ms at safepoints%n", firstStacks[0] / 1e6, firstStacks[1]);
        }
        try (Target target = Target.start()) {
            target.ask("warm " + WARM_TAKES);
            target.ask("park " + parked);
            target.ask("census false");
            long[] cold = target.numbers("take");
            System.out.printf("  cold take %.2f ms, %d ms at safepoints: %d live threads, %d of them OrderPollers%n", cold[0] / 1e6, cold[1], cold[2],
                    cold[3]);
            for (int i = 0; i < SETTLE_TAKES; i++) {
                target.ask("take");
            }
            for (int i = 0; i < SETTLE_STACK_CALLS; i++) {
                target.ask("stacks");
            }
            List<Long> takeNanos = new ArrayList<>();
            List<Integer> takeEntries = new ArrayList<>();
            List<Long> stackNanos = new ArrayList<>();
            List<Long> stackSafepointMs = new ArrayList<>();
            int stackThreads = 0;
            for (int i = 0; i < takes; i++) {
                long[] take = target.numbers("take");
                takeNanos.add(take[0]);
                takeEntries.add((int) take[3]);
                // getAllStackTraces spread evenly among the takes
                if ((long) i * stackCalls / takes != (long) (i + 1) * stackCalls / takes) {
                    long[] stacks = target.numbers("stacks");
                    stackNanos.add(stacks[0]);
                    stackSafepointMs.add(stacks[1]);
                    stackThreads = (int) stacks[2];
                }
            }
            Cost cost = new Cost(parked, (int) cold[2], cold[0], cold[1], (int) cold[3], takeNanos, takeEntries, stackNanos, stackSafepointMs,
                    stackThreads, firstStacks[0], firstStacks[1]);
            System.out.printf("  steady take %.3f ms, getAllStackTraces %.2f ms (medians)%n", median(takeNanos) / 1e6, median(stackNanos) / 1e6);
            return cost;
        }
    }

    /**
     * Rounds of thread starts in two JVMs, creator tracking off and on; with {@code jfrRecording}, both also run JFR's
     * default recording, as a server started with {@code -XX:StartFlightRecording} does. Returns the creator check of
     * the JVM with tracking on.
     */
    private static String throughput(int rounds, int starts, int batch, Throughput off, Throughput on, boolean jfrRecording)
            throws IOException, InterruptedException {
        try (Target offTarget = Target.start(); Target onTarget = Target.start()) {
            if (jfrRecording) {
                offTarget.ask("jfr");
                onTarget.ask("jfr");
            }
            offTarget.ask("census false");
            onTarget.ask("census true");
            long extraBudget = TimeUnit.SECONDS.toNanos(DISTURBANCE_BUDGET_SECONDS);
            long extraBegan = 0;
            for (int round = 0; round <= rounds; round++) {
                boolean warmUp = round == 0;
                boolean onFirst = round % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                    boolean tracking = onFirst == (turn == 0);
                    Target target = tracking ? onTarget : offTarget;
                    Throughput samples = tracking ? on : off;
                    for (int attempt = 1; ; attempt++) {
                        long waitBegan = System.nanoTime();
                        double busy = SystemCpu.waitQuiet(extraBudget);
                        extraBudget -= System.nanoTime() - waitBegan;
                        long cpuBefore = target.numbers("cpu")[0];
                        long busyBefore = SystemCpu.busyNanos();
                        long nanos = target.numbers("launch " + starts + " " + batch)[0];
                        long busyDuring = SystemCpu.busyNanos() - busyBefore;
                        long cpuDuring = target.numbers("cpu")[0] - cpuBefore;
                        target.ask("take");
                        Thread.sleep(REST_MILLIS);
                        long cpu = target.numbers("cpu")[0] - cpuBefore;
                        // What the rest of the machine used meanwhile, in cores: other processes, or JFR left over in the other JVM
                        double others = busyBefore < 0 ? 0 : Math.max(0, (double) (busyDuring - cpuDuring) / nanos);
                        boolean disturbed = others > QUIET_CORES;
                        System.out.printf(Locale.ROOT, "  %-7s tracking %-3s %8.0f threads/s  (%d ms; process CPU %d ms; others %.2f cores%s)%n",
                                warmUp ? "warm-up" : "round " + round, tracking ? "on" : "off", perSecond(starts, nanos), nanos / 1_000_000,
                                cpu / 1_000_000, others, busy > QUIET_CORES ? "; machine still busy before" : "");
                        if (disturbed && extraBudget > 0 && attempt <= MAX_ATTEMPTS) {
                            samples.repeated().incrementAndGet();
                            long repeatBegan = System.nanoTime();
                            System.out.println("          disturbed by other processes: repeated");
                            extraBudget -= nanos + TimeUnit.MILLISECONDS.toNanos(REST_MILLIS) + (System.nanoTime() - repeatBegan);
                            continue;
                        }
                        if (!warmUp) {
                            samples.nanos().add(nanos);
                            samples.cpuNanos().add(cpu);
                            samples.others().add(others);
                        }
                        break;
                    }
                }
            }
            String creators = onTarget.ask("creators " + CREATOR_CHECK_THREADS + " " + CREATOR_CHECK_SECONDS);
            System.out.println("  creator check: " + creators);
            return creators;
        }
    }

    /**
     * The machine's CPU use from /proc/stat (Linux): thread starts are measured against the rest of the machine, so a
     * round that shared the cores with another busy process is taken again.
     */
    static final class SystemCpu {
        /** Nanoseconds of a USER_HZ tick: /proc/stat counts in 1/100 s everywhere Linux runs today. */
        private static final long TICK_NANOS = 10_000_000;

        /** All cores' busy time so far (all but idle and iowait), ns; -1 if not known. */
        static long busyNanos() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < Math.min(fields.length, 9); i++) { // user nice system idle iowait irq softirq steal
                    if (i != 4 && i != 5) {
                        busy += Long.parseLong(fields[i]);
                    }
                }
                return busy * TICK_NANOS;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** Cores busy over a short sample. */
        static double busyCores() throws InterruptedException {
            long before = busyNanos();
            long start = System.nanoTime();
            Thread.sleep(500);
            long after = busyNanos();
            return before < 0 ? 0 : (double) (after - before) / (System.nanoTime() - start);
        }

        /** Waits, within the budget, until the machine is quiet; returns the cores busy at the last sample. */
        static double waitQuiet(long budgetNanos) throws InterruptedException {
            long deadline = System.nanoTime() + budgetNanos;
            double busy;
            while ((busy = busyCores()) > QUIET_CORES && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            return busy;
        }
    }

    private static String report(String load, long seconds, int takes, int stackCalls, List<Cost> costs, int rounds, int starts, int batch,
            Throughput off, Throughput on, Throughput jfrOff, Throughput jfrOn, String creators) {
        StringBuilder out = new StringBuilder();
        out.append("# Thread census: a census against Thread.getAllStackTraces(), and creator tracking's cost on thread starts\n\n");
        out.append(String.format(Locale.ROOT, "- When: %s; took %d s%n", Instant.now(), seconds));
        out.append(String.format(Locale.ROOT, "- JDK: %s %s (%s)%n", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor")));
        out.append(String.format(Locale.ROOT, "- Cores: %d; measured JVMs: %s%n", Runtime.getRuntime().availableProcessors(), String.join(" ", TARGET_JVM_OPTIONS)));
        out.append(String.format(Locale.ROOT, "- System load average: %s%n", load));

        out.append("\n## Census cost\n\n");
        out.append(String.format(Locale.ROOT, "Fresh JVMs holding the parked threads (`com.example.shop.OrderPoller`, parked on a CountDownLatch "
                + "three application frames deep) and the JVM's own few; census with creator tracking off; census and getAllStackTraces code "
                + "warmed first (%d calls on the JVM's own threads). Safepoint: HotSpot's time at safepoints during the call (the application "
                + "stopped), whole ms.%n%n", WARM_TAKES));
        out.append(String.format(Locale.ROOT, "Steady state: %d takes after the cold one and %d unmeasured ones, every thread known (listing and "
                + "bookkeeping only), and %d getAllStackTraces calls interleaved with them in the same JVM; median (min).%n%n", takes, SETTLE_TAKES,
                stackCalls));
        out.append("| parked threads | live threads (census) | steady take ms | getAllStackTraces ms | its safepoint ms | ratio getAllStackTraces / steady take |\n");
        out.append("|---:|---:|---:|---:|---:|---:|\n");
        List<String> notes = new ArrayList<>();
        String stacksVerdict = "no run at " + TARGET_THREADS + " threads";
        for (Cost cost : costs) {
            double ratio = (double) median(cost.stackNanos()) / median(cost.takeNanos());
            out.append(String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %s | %.0f |%n", cost.parked(), cost.live(), cell(cost.takeNanos(), 3),
                    cell(cost.stackNanos(), 1), safepoint(median(cost.stackSafepointMs())), ratio));
            if (cost.coldEntries() != cost.parked() || cost.takeEntries().stream().anyMatch(n -> n != cost.parked())) {
                notes.add(String.format(Locale.ROOT, "%,d parked: the census counted %d OrderPollers on its cold take and %s on its steady ones",
                        cost.parked(), cost.coldEntries(), cost.takeEntries().stream().distinct().toList()));
            }
            if (cost.stackThreads() < cost.parked()) {
                notes.add(String.format(Locale.ROOT, "%,d parked: getAllStackTraces returned only %d threads", cost.parked(), cost.stackThreads()));
            }
            if (cost.parked() == TARGET_THREADS) {
                stacksVerdict = String.format(Locale.ROOT, "%.0fx (%s)", ratio, ratio >= TARGET_STACKS_RATIO ? "met" : "NOT met");
            }
        }
        out.append(String.format(Locale.ROOT, "%nTarget (steady census at least %.0fx cheaper than getAllStackTraces at %,d threads): %s%n",
                TARGET_STACKS_RATIO, TARGET_THREADS, stacksVerdict));
        if (notes.isEmpty()) {
            out.append("Check: every census, cold and steady, counted all parked threads under the entry com.example.shop.OrderPoller.\n");
        } else {
            notes.forEach(note -> out.append("Check FAILED: ").append(note).append('\n'));
        }
        out.append("\nCold: every thread new, never walked before. The first take of a fresh census resolves them all (one "
                + "`ThreadMXBean.getThreadInfo(ids, 256)`); for comparison, the first getAllStackTraces of another fresh JVM with the same threads; "
                + "one sample each.\n\n");
        out.append("| parked threads | first take ms | its safepoint ms | first getAllStackTraces ms | its safepoint ms |\n");
        out.append("|---:|---:|---:|---:|---:|\n");
        for (Cost cost : costs) {
            out.append(String.format(Locale.ROOT, "| %,d | %.1f | %s | %.1f | %s |%n", cost.parked(), cost.coldNanos() / 1e6, safepoint(cost.coldSafepointMs()),
                    cost.firstStacksNanos() / 1e6, safepoint(cost.firstStacksSafepointMs())));
        }

        out.append("\n## Thread start throughput, creator tracking on and off\n\n");
        out.append(String.format(Locale.ROOT, "Two JVMs, each with a census: creator tracking on (JFR jdk.ThreadStart with stack traces, streamed) "
                + "and off (no JFR). Per round: %,d threads that do nothing started and joined, %d at a time, then a census and a %d s rest; "
                + "1 warm-up + %d measured rounds per JVM, alternating which goes first; median (min-max). Process CPU: the round and its rest, "
                + "so it includes JFR's parsing of the round's events. Others: the cores the rest of the machine kept busy during the round "
                + "(median); a round with more than %.2f was repeated (at most %d times, %d s in all), after waiting for the machine to be that "
                + "quiet.%n%n", starts, batch, REST_MILLIS / 1000, rounds, QUIET_CORES, MAX_ATTEMPTS, DISTURBANCE_BUDGET_SECONDS));
        throughputTable(out, starts, off, on, true);
        out.append(String.format(Locale.ROOT, "%nThe same, with JFR's default recording (`default.jfc`, the profile meant to run in production, "
                + "as `-XX:StartFlightRecording` starts it) running in both JVMs. That profile records `jdk.ThreadStart` with stack traces "
                + "already, so what creator tracking adds is its own stream and the parsing of the events.%n%n"));
        throughputTable(out, starts, jfrOff, jfrOn, false);
        String[] check = creators.split(" ", 2);
        boolean named = check[1].contains(CensusTarget.POLLER_ORIGIN + "=" + CREATOR_CHECK_THREADS);
        out.append(String.format(Locale.ROOT, "Creator check (tracking on, %d more OrderPollers started by %s, censuses for up to %d s): %s after %s s, "
                + "creators %s%n", CREATOR_CHECK_THREADS, CensusTarget.POLLER_ORIGIN, CREATOR_CHECK_SECONDS, named ? "named" : "NOT named", check[0], check[1]));
        return out.toString();
    }

    /** One pass's table and ratios; the target applies to the pass without JFR running. */
    private static void throughputTable(StringBuilder out, int starts, Throughput off, Throughput on, boolean target) {
        out.append("| creator tracking | threads/s | round ms | process CPU ms per round | others, cores | rounds repeated | threads/s by round |\n");
        out.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (boolean tracking : new boolean[] { false, true }) {
            Throughput t = tracking ? on : off;
            List<Long> rates = t.nanos().stream().map(n -> Math.round(perSecond(starts, n))).toList();
            double others = t.others().stream().sorted().toList().get(t.others().size() / 2);
            out.append(String.format(Locale.ROOT, "| %s | %,d (%,d-%,d) | %d | %d | %.2f | %d | %s |%n", tracking ? "on" : "off", median(rates),
                    Collections.min(rates), Collections.max(rates), median(t.nanos()) / 1_000_000, median(t.cpuNanos()) / 1_000_000, others,
                    t.repeated().get(), String.join(", ", rates.stream().map(r -> String.format(Locale.ROOT, "%,d", r)).toList())));
        }
        double ratio = perSecond(starts, median(on.nanos())) / perSecond(starts, median(off.nanos()));
        double cpuRatio = (double) median(on.cpuNanos()) / median(off.cpuNanos());
        // Each round's on and off ran back to back: their ratio is the least exposed to what the machine did meanwhile.
        List<Double> paired = new ArrayList<>();
        for (int i = 0; i < Math.min(on.nanos().size(), off.nanos().size()); i++) {
            paired.add((double) off.nanos().get(i) / on.nanos().get(i));
        }
        List<Double> sortedPairs = paired.stream().sorted().toList();
        out.append(String.format(Locale.ROOT, "%nRatio on/off, threads/s: %.2f (medians); round by round %s, median %.2f. Process CPU per round on/off: %.2f%n",
                ratio, String.join(", ", paired.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList()),
                sortedPairs.size() % 2 == 1 ? sortedPairs.get(sortedPairs.size() / 2)
                        : (sortedPairs.get(sortedPairs.size() / 2 - 1) + sortedPairs.get(sortedPairs.size() / 2)) / 2, cpuRatio));
        out.append(String.format(Locale.ROOT, "Cost per thread started, from the medians: %.1f µs more with tracking on (%.1f µs a thread off, %.1f on)%n",
                (median(on.nanos()) - median(off.nanos())) / 1e3 / starts, median(off.nanos()) / 1e3 / starts, median(on.nanos()) / 1e3 / starts));
        if (target) {
            out.append(String.format(Locale.ROOT, "Target (throughput on/off >= %.1f, medians): %s%n", TARGET_TRACKING_RATIO,
                    ratio >= TARGET_TRACKING_RATIO ? "met" : "NOT met"));
        }
    }

    /** A measured JVM, driven through its stdin and stdout. */
    private static final class Target implements AutoCloseable {
        private final Process process;
        private final BufferedReader replies;
        private final PrintWriter commands;

        private Target(Process process) {
            this.process = process;
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        /** The same java as this one, with this class path: the harness is launched with the module's runtime class path. */
        static Target start() throws IOException {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(TARGET_JVM_OPTIONS);
            command.add(SAFEPOINT_ACCESS);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), CensusTarget.class.getName()));
            Target target = new Target(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            target.reply(); // ready
            return target;
        }

        String ask(String command) throws IOException {
            commands.println(command);
            return reply();
        }

        long[] numbers(String command) throws IOException {
            return Arrays.stream(ask(command).split(" ")).mapToLong(Long::parseLong).toArray();
        }

        /** The next reply, skipping anything else the JVM printed. */
        private String reply() throws IOException {
            for (String line; (line = replies.readLine()) != null; ) {
                if (line.startsWith(CensusTarget.REPLY)) {
                    String reply = line.substring(CensusTarget.REPLY.length());
                    if (reply.startsWith("error")) {
                        throw new IllegalStateException(reply);
                    }
                    return reply;
                }
                System.out.println("[target " + process.pid() + "] " + line);
            }
            throw new IllegalStateException("The measured JVM " + process.pid() + " ended (exit " + exit() + "); see its output above");
        }

        private int exit() {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                commands.println("quit");
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroy();
                    process.waitFor();
                }
            }
        }
    }

    private static String safepoint(long ms) {
        return ms < 0 ? "n/a" : String.valueOf(ms);
    }

    private static double perSecond(int threads, long nanos) {
        return threads * 1e9 / nanos;
    }

    private static String cell(List<Long> nanos, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f (%." + decimals + "f)", median(nanos) / 1e6, Collections.min(nanos) / 1e6);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
