package dev.vigil.census;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.shop.TaskLauncher;

/**
 * The JVM {@code CreatorTrackerBenchmark} measures: a {@link CreatorTracker} (in this package to reach it) as the
 * server makes it, while the application starts short-lived threads at a fixed rate, with no census in between (as
 * with {@code interval} above the run's length; the largest allowed is 3600 s). Which tracker is the class path's
 * business: the harness puts an older CreatorTracker, compiled from git, before this one for the baseline (it only
 * needs {@code CreatorTracker(Duration)}, {@code start()}, {@code tracked()} and {@code close()}, which every version has).
 * <p>
 * Every {@code sampleSeconds} it prints a line {@code @@ sample <seconds> <threads started> <entries> <heap bytes used
 * after System.gc()>}, the first before any thread is started, and ends with {@code @@ done}.
 * <p>
 * Usage: {@code CreatorTrackerTarget <starts per second> <seconds> <sample seconds>}
 */
public final class CreatorTrackerTarget {

    /** The bound the server's tracker has, for the harness' report. */
    public static final int MAX_TRACKED = CreatorTracker.MAX_TRACKED;

    /** Frames under Thread.start(): a servlet's or a pool's start is this deep, so each entry holds its full 32 frames. */
    private static final int STACK_FRAMES = 40;
    /** Threads started per batch: 10 every 10 ms is 1,000 a second without one burst per second. */
    private static final int BATCH = 10;

    public static void main(String[] args) throws Exception {
        int rate = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        long sampleSeconds = Long.parseLong(args[2]);

        CreatorTracker tracker = new CreatorTracker(Duration.ofSeconds(10));
        tracker.start();
        long started = 0;
        long begin = System.nanoTime();
        long batchNanos = TimeUnit.SECONDS.toNanos(1) * BATCH / rate;
        long nextSample = 0;
        List<Thread> batch = new ArrayList<>(BATCH);
        for (long batches = 0; ; batches++) {
            long now = System.nanoTime() - begin;
            if (now >= TimeUnit.SECONDS.toNanos(nextSample)) {
                sample(nextSample, started, tracker);
                nextSample += sampleSeconds;
                if (nextSample > seconds) {
                    break;
                }
                now = System.nanoTime() - begin;
            }
            // paced by the clock, not by sleeping a fixed time: a slow batch (a sample's GC) is caught up
            long due = batches * batchNanos;
            if (due > now) {
                TimeUnit.NANOSECONDS.sleep(due - now);
            }
            batch.clear();
            TaskLauncher.startDeep(BATCH, STACK_FRAMES, batch);
            started += BATCH;
        }
        tracker.close();
        System.out.println("@@ done");
    }

    private static void sample(long second, long started, CreatorTracker tracker) {
        System.gc();
        System.gc(); // the second one collects what the first one's finalization freed
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.println("@@ sample " + second + " " + started + " " + tracker.tracked() + " " + used);
    }

    private CreatorTrackerTarget() {
    }
}
