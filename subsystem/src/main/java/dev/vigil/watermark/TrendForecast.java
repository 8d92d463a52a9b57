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
 * into {@link #BUCKETS} intervals, each keeps its lowest reading, and a least-squares line goes through the lowest
 * readings of the intervals that are complete. There is a forecast only when
 * <ul>
 * <li>at least {@link #MIN_POINTS} intervals are complete (half the window) and their minima span 40 % of it;</li>
 * <li>the slope is above zero by three standard errors (a flat floor with noise has none), and the floor would rise
 * by {@link #MIN_RISE_PERCENT} of the maximum in one window at least (slower is full in more than 100 windows, and
 * within what jitter of the minima can fake);</li>
 * <li>the newer half of the minima rises at a third of that rate at least, so that a step (a cache filled once) is no
 * longer a trend once the floor has stayed flat after it for half the window.</li>
 * </ul>
 * Plain Java, fed readings with their monotonic time: tests drive it with synthetic readings.
 */
final class TrendForecast {

    /** Intervals the window is cut into: each must be long enough to hold one of G1's mixed cycles (60 s by default). */
    static final int BUCKETS = 10;
    /** Complete intervals needed before a forecast: half the window. */
    static final int MIN_POINTS = BUCKETS / 2;
    /** How many standard errors the slope must be above zero. */
    static final double SIGNIFICANCE = 3.0;
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
        if (!(line.slope > 0) || line.slope < SIGNIFICANCE * line.slopeError
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

    /** A least-squares line through the minima: x in seconds relative to now, y in bytes. */
    private record Line(double slope, double intercept, double slopeError) {

        static Line fit(List<Bucket> points, long nowNanos) {
            int n = points.size();
            double sx = 0;
            double sy = 0;
            for (Bucket b : points) {
                sx += x(b, nowNanos);
                sy += b.minUsed();
            }
            double mx = sx / n;
            double my = sy / n;
            double sxx = 0;
            double sxy = 0;
            for (Bucket b : points) {
                double dx = x(b, nowNanos) - mx;
                sxx += dx * dx;
                sxy += dx * (b.minUsed() - my);
            }
            if (sxx == 0) {
                return new Line(0, my, Double.POSITIVE_INFINITY);
            }
            double slope = sxy / sxx;
            double intercept = my - slope * mx;
            double residuals = 0;
            for (Bucket b : points) {
                double r = b.minUsed() - (intercept + slope * x(b, nowNanos));
                residuals += r * r;
            }
            double error = n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : Double.POSITIVE_INFINITY;
            return new Line(slope, intercept, error);
        }

        private static double x(Bucket b, long nowNanos) {
            return (b.minNanos() - nowNanos) / 1e9;
        }
    }
}
