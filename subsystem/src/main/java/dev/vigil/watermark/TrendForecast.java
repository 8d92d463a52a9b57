package dev.vigil.watermark;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The trend of a watermark's after-GC readings over its {@code trend-window}, fitted through their floor.
 * <p>
 * G1's after-GC readings are a sawtooth: young collections read high (the old generation still holds garbage),
 * mixed and full collections low. The noise is all above the floor, so the floor is what is fitted: the window is cut
 * into {@link #BUCKETS} intervals, each keeps its lowest reading, and a Theil-Sen line (the median of the slopes
 * between every two minima) goes through the lowest readings of the intervals that are complete. An interval that
 * missed G1's mixed collection reads high; the median ignores a few of those, where least squares follows them.
 * There is a forecast only when
 * <ul>
 * <li>at least {@link #MIN_POINTS} intervals are complete and their minima span 40 % of the window;</li>
 * <li>the minima rise by Mann-Kendall's test: of every two, the later is higher so much more often than lower that
 * a flat floor with noise would do so by chance less than once in 160 fits ({@link #SIGNIFICANCE} standard deviations);</li>
 * <li>the floor would rise by {@link #MIN_RISE_PERCENT} of the maximum in one window at least (slower is full in
 * more than 100 windows);</li>
 * <li>the newer half of the minima rises at a third of that rate at least, so that a step (a cache filled once) is no
 * longer a trend once the floor has stayed flat after it for half the window.</li>
 * </ul>
 * Plain Java, fed readings with their monotonic time: tests drive it with synthetic readings.
 */
final class TrendForecast {

    /** Intervals the window is cut into: each must be long enough to hold one of G1's mixed cycles (60 s by default). */
    static final int BUCKETS = 10;
    /** Complete intervals needed before a forecast: with fewer, even minima that all rise are not significant. */
    static final int MIN_POINTS = 6;
    /** How many standard deviations Mann-Kendall's S must be above zero (2.5: p below 0.6 %). */
    static final double SIGNIFICANCE = 2.5;
    /** The least rise per window, in percent of the maximum, that makes a forecast. */
    static final double MIN_RISE_PERCENT = 1.0;

    private record Bucket(long index, long minUsed, long minNanos) {
    }

    private final long windowNanos;
    private final long bucketNanos;
    private final Deque<Bucket> buckets = new ArrayDeque<>();
    private long max;
    private long lastNanos;
    private Forecast forecast;

    TrendForecast(Duration window) {
        this.windowNanos = window.toNanos();
        this.bucketNanos = windowNanos / BUCKETS;
    }

    /**
     * Whether a collector's readings belong to the floor this trend fits. Not G1's concurrent cycle ("G1 Concurrent
     * GC", whose notifications come from JDK 20 on, JDK-8297247): its remark and cleanup read the young generation as it
     * stands beside an old generation freed of its empty regions only, so its readings fall anywhere between the floor
     * and the top, and the trend was designed and measured on JDK 17, where the cycle sends none. ZGC's and
     * Shenandoah's cycles are their only collections and do count.
     */
    static boolean readsTheFloor(String collector) {
        return !"G1 Concurrent GC".equals(collector);
    }

    /** One after-GC reading, taken at {@code nanos} on the monotonic clock. */
    void add(long nanos, Reading reading) {
        long index = Math.floorDiv(nanos, bucketNanos);
        max = reading.max();
        lastNanos = nanos;
        Bucket last = buckets.peekLast();
        if (last != null && last.index() == index) {
            if (reading.used() < last.minUsed()) {
                buckets.pollLast();
                buckets.addLast(new Bucket(index, reading.used(), nanos));
            }
            return;
        }
        buckets.addLast(new Bucket(index, reading.used(), nanos));
        while (buckets.peekFirst().index() <= index - BUCKETS) {
            buckets.pollFirst();
        }
        forecast = fit(index, nanos); // the complete intervals changed
    }

    /** The forecast as of {@code nowNanos}; null if there is none, or if no reading came for a whole window. */
    Forecast forecast(long nowNanos) {
        if (forecast == null || nowNanos - lastNanos > windowNanos) {
            return null;
        }
        return forecast;
    }

    private Forecast fit(long currentIndex, long nowNanos) {
        List<Bucket> complete = new ArrayList<>();
        for (Bucket bucket : buckets) {
            if (bucket.index() < currentIndex) {
                complete.add(bucket);
            }
        }
        int n = complete.size();
        if (n < MIN_POINTS || complete.get(n - 1).minNanos() - complete.get(0).minNanos() < windowNanos * 2 / 5) {
            return null;
        }
        Line line = Line.fit(complete, nowNanos);
        if (!(line.slope > 0) || mannKendall(complete) < SIGNIFICANCE
                || line.slope * windowNanos / 1e9 < max * MIN_RISE_PERCENT / 100) {
            return null;
        }
        Line newer = Line.fit(complete.subList(n / 2, n), nowNanos);
        if (!(newer.slope >= line.slope / 3)) {
            return null;
        }
        double perSecond = line.slope;
        double floorNow = line.intercept; // x is seconds relative to now
        long secondsToFull = floorNow >= max ? 0 : (long) Math.ceil((max - floorNow) / perSecond);
        return new Forecast(perSecond * 60, secondsToFull, nowNanos);
    }

    /** Mann-Kendall's z: S (later minimum higher minus later lower, over every two) in standard deviations, with continuity correction. */
    static double mannKendall(List<Bucket> points) {
        int n = points.size();
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s += Long.signum(points.get(j).minUsed() - points.get(i).minUsed());
            }
        }
        double sd = Math.sqrt(n * (n - 1) * (2.0 * n + 5) / 18);
        return s > 0 ? (s - 1) / sd : 0;
    }

    /** A Theil-Sen line through the minima: x in seconds relative to now, y in bytes. */
    private record Line(double slope, double intercept) {

        static Line fit(List<Bucket> points, long nowNanos) {
            int n = points.size();
            List<Double> slopes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double dx = x(points.get(j), nowNanos) - x(points.get(i), nowNanos);
                    if (dx > 0) {
                        slopes.add((points.get(j).minUsed() - points.get(i).minUsed()) / dx);
                    }
                }
            }
            if (slopes.isEmpty()) {
                return new Line(0, points.get(n - 1).minUsed());
            }
            double slope = median(slopes);
            List<Double> intercepts = new ArrayList<>();
            for (Bucket b : points) {
                intercepts.add(b.minUsed() - slope * x(b, nowNanos));
            }
            return new Line(slope, median(intercepts));
        }

        private static double median(List<Double> values) {
            values.sort(null);
            int n = values.size();
            return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        }

        private static double x(Bucket b, long nowNanos) {
            return (b.minNanos() - nowNanos) / 1e9;
        }
    }
}
