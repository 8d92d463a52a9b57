package dev.vigil.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import com.example.shop.OrderPoller;
import com.example.shop.TaskLauncher;

import dev.vigil.census.CensusSettings;
import dev.vigil.census.GroupBy;
import dev.vigil.census.ThreadCensus;

/**
 * The JVM {@link ThreadCensusBenchmark} measures: a fresh one per scenario, so that it holds exactly the threads the
 * scenario asks for (plus the JVM's own few). Answers one command per line on stdin, one line on stdout each (marked
 * {@link #REPLY}); times are measured here, in nanoseconds.
 * <ul>
 * <li>{@code warm <takes>}: runs the census code on the JVM's own few threads (fresh censuses, so resolving new
 * threads is warmed too) → {@code ok}
 * <li>{@code park <n>}: starts n {@link OrderPoller}s parked on a latch, three application frames deep → {@code ok <active threads>}
 * <li>{@code jfr}: starts JFR's default recording (as {@code -XX:StartFlightRecording}) → {@code ok}
 * <li>{@code census <creatorTracking>}: closes the census there was, creates a new one → {@code ok}
 * <li>{@code take}: one census → {@code <nanos> <safepoint ms> <live threads> <threads whose entry is OrderPoller>}
 * <li>{@code stacks}: one {@code Thread.getAllStackTraces()} → {@code <nanos> <safepoint ms> <threads>}
 * <li>{@code cpu}: this process' CPU time so far → {@code <nanos>}
 * <li>{@code launch <count> <batch>}: starts and joins count threads that do nothing, batch at a time → {@code <nanos>}
 * <li>{@code creators <n> <seconds>}: starts n more pollers and takes censuses until their creator is known or the
 * time is up → {@code <seconds waited> <creator origins and counts>}
 * </ul>
 * The safepoint ms are the JVM's total time at safepoints (stopped the world) during the call, in whole ms, from
 * HotSpot's own counter: -1 unless the JVM runs with {@code --add-exports java.management/sun.management=ALL-UNNAMED}.
 * <p>
 * Usage: {@code CensusTarget}
 */
public final class CensusTarget {

    static final String REPLY = "@@ ";

    static final String POLLER_ORIGIN = OrderPoller.class.getName();

    private static final ThreadCensus.Listener QUIET = new ThreadCensus.Listener() { };

    /** Opened only when the JVM exits: the parked pollers are daemons. */
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private static ThreadCensus census;

    public static void main(String[] args) throws Exception {
        reply("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] command = line.trim().split("\\s+");
            switch (command[0]) {
                case "warm" -> {
                    int takes = Integer.parseInt(command[1]);
                    for (int i = 0; i < takes; i++) {
                        if (i % 4 == 0) {
                            newCensus(false);
                        }
                        census.take();
                        Thread.getAllStackTraces();
                    }
                    newCensus(false);
                    reply("ok");
                }
                case "park" -> {
                    OrderPoller.startPollers(Integer.parseInt(command[1]), RELEASE);
                    reply("ok " + Thread.activeCount());
                }
                case "jfr" -> {
                    Recording recording = new Recording(Configuration.getConfiguration("default"));
                    recording.setToDisk(true);
                    recording.setMaxAge(Duration.ofMinutes(5));
                    recording.start();
                    reply("ok");
                }
                case "census" -> {
                    newCensus(Boolean.parseBoolean(command[1]));
                    reply("ok");
                }
                case "take" -> {
                    long safepoints = Safepoints.totalMillis();
                    long start = System.nanoTime();
                    census.take();
                    long nanos = System.nanoTime() - start;
                    reply(nanos + " " + since(safepoints) + " " + census.liveThreads() + " "
                            + census.counts(GroupBy.ENTRY).getOrDefault(POLLER_ORIGIN, 0));
                }
                case "stacks" -> {
                    long safepoints = Safepoints.totalMillis();
                    long start = System.nanoTime();
                    Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
                    long nanos = System.nanoTime() - start;
                    reply(nanos + " " + since(safepoints) + " " + stacks.size());
                }
                case "cpu" -> reply(String.valueOf(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()));
                case "launch" -> reply(String.valueOf(TaskLauncher.launch(Integer.parseInt(command[1]), Integer.parseInt(command[2]))));
                case "creators" -> {
                    int n = Integer.parseInt(command[1]);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(command[2]));
                    long start = System.nanoTime();
                    OrderPoller.startPollers(n, RELEASE);
                    Map<String, Integer> creators;
                    do {
                        Thread.sleep(100);
                        census.take();
                        creators = census.counts(GroupBy.CREATOR);
                    } while (creators.getOrDefault(POLLER_ORIGIN, 0) < n && System.nanoTime() < deadline);
                    reply(String.format(java.util.Locale.ROOT, "%.1f %s", (System.nanoTime() - start) / 1e9, creators).replace('\n', ' '));
                }
                case "quit" -> {
                    if (census != null) {
                        census.close();
                    }
                    RELEASE.countDown();
                    return;
                }
                default -> reply("error unknown command " + line);
            }
        }
    }

    private static long since(long safepointMillis) {
        return safepointMillis < 0 ? -1 : Safepoints.totalMillis() - safepointMillis;
    }

    private static void newCensus(boolean creatorTracking) {
        if (census != null) {
            census.close();
        }
        census = new ThreadCensus(new CensusSettings(Duration.ofSeconds(10), 500, creatorTracking, List.of()), QUIET, Set::of);
    }

    /** Replies start with a marker: whatever else lands on stdout (JFR's warnings) is not taken for one. */
    private static void reply(String reply) {
        System.out.println(REPLY + reply);
    }
}
