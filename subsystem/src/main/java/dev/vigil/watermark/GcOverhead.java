package dev.vigil.watermark;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The share of wall time the JVM spent in garbage-collection pauses over the last {@code gc-window}: what
 * {@code measure=gc-overhead} judges.
 * <p>
 * Only pauses count: the application stands still in them. G1's concurrent cycle ("G1 Concurrent GC" on JDK 17+),
 * ZGC's and Shenandoah's cycles run beside the application and report their whole length, which says nothing of time
 * lost; see {@link #countsAsPause(String)}. Plain Java, fed pauses with their monotonic end time.
 */
final class GcOverhead {

    private record Pause(long endNanos, long durationNanos) {
    }

    private final long windowNanos;
    private final Deque<Pause> pauses = new ArrayDeque<>();

    GcOverhead(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /**
     * Whether a collector's notifications are pauses: not G1's concurrent cycle ("G1 Concurrent GC"), nor ZGC's or
     * Shenandoah's cycles ("ZGC Cycles", "ZGC Major Cycles", "Shenandoah Cycles"), whose pauses have beans of their own.
     */
    static boolean countsAsPause(String collector) {
        return !collector.contains("Concurrent") && !collector.endsWith("Cycles");
    }

    /** One pause that ended at {@code endNanos} (monotonic) and lasted {@code durationMillis}. */
    void pause(long endNanos, long durationMillis) {
        pauses.addLast(new Pause(endNanos, Math.max(0, durationMillis) * 1_000_000L));
    }

    /** Percent of the window up to {@code nowNanos} spent in pauses, 0-100; the whole window is the denominator from the start. */
    double percent(long nowNanos) {
        long from = nowNanos - windowNanos;
        while (!pauses.isEmpty() && pauses.peekFirst().endNanos() <= from) {
            pauses.pollFirst();
        }
        long paused = 0;
        for (Pause pause : pauses) {
            long start = Math.max(from, pause.endNanos() - pause.durationNanos());
            long end = Math.min(nowNanos, pause.endNanos());
            paused += Math.max(0, end - start);
        }
        return Math.min(100.0, paused * 100.0 / windowNanos);
    }
}
