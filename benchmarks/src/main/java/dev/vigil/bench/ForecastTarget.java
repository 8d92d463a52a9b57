package dev.vigil.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.vigil.action.Action;
import dev.vigil.watermark.Forecast;
import dev.vigil.watermark.HeapWatermark;
import dev.vigil.watermark.Measure;
import dev.vigil.watermark.MemoryPoolSet;
import dev.vigil.watermark.WatermarkSettings;

/**
 * The JVM {@link ForecastBenchmark} measures: the plain-Java {@link HeapWatermark} on its own heap, an after-GC watermark
 * (with its forecast) and a gc-overhead one, while the heap leaks at a constant rate or churns a cache.
 * <ul>
 * <li>{@code leak <MB/s> <garbage MB/s> <trend-window s>}: retains MB/s in 16 KB arrays, allocates garbage beside it,
 * until OutOfMemoryError;</li>
 * <li>{@code churn <cache MB> <MB/s> <seconds> [array KB]}: a cache of that size (16 KB arrays unless told) whose entries
 * are replaced at MB/s (no leak).</li>
 * </ul>
 * Prints {@code MOVE}, {@code TICK} (every second: time, after-GC used, forecast, gc-overhead) and {@code OOME} lines,
 * times in ms since the epoch.
 */
public final class ForecastTarget {

    private static final int ARRAY = 16 * 1024;
    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long trendWindow = mode.equals("leak") ? Long.parseLong(args[3]) : 600;
        WatermarkSettings heapSettings = new WatermarkSettings(List.of(MemoryPoolSet.HEAP), 70, 85, Measure.AFTER_GC, List.of(Action.NOTIFY),
                List.of(Action.NOTIFY)).withTrend(Duration.ofSeconds(trendWindow), null);
        WatermarkSettings overheadSettings = heapSettings.withMeasure(Measure.GC_OVERHEAD).withLevels(10, 30);
        HeapWatermark heap = new HeapWatermark("heap", heapSettings, t -> System.out.printf(Locale.ROOT, "MOVE %s %s %s %.1f %d %s%n", t.watermark(),
                t.from(), t.to(), t.reading().percent(), t.time().toEpochMilli(), t.forecast() != null ? t.forecast().secondsToFull() : -1));
        HeapWatermark overhead = new HeapWatermark("gc", overheadSettings, t -> System.out.printf(Locale.ROOT, "MOVE %s %s %s %.1f %d -1%n",
                t.watermark(), t.from(), t.to(), t.reading().percent(), t.time().toEpochMilli()));
        heap.start();
        overhead.start();
        System.out.println("MAX " + heap.max());
        Thread ticker = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1000); // pacing the report, not synchronising
                } catch (InterruptedException e) {
                    return;
                }
                Forecast forecast = heap.forecast();
                System.out.printf(Locale.ROOT, "TICK %d %d %.1f %d %.2f%n", System.currentTimeMillis(), heap.afterGcUsed(),
                        forecast != null ? forecast.bytesPerMinute() : -1, forecast != null ? forecast.secondsToFull() : -1, overhead.usagePercent());
            }
        }, "ticker");
        ticker.setDaemon(true);
        ticker.start();
        if (mode.equals("leak")) {
            leak(Double.parseDouble(args[1]), Double.parseDouble(args[2]));
        } else {
            churn(Integer.parseInt(args[1]), Double.parseDouble(args[2]), Long.parseLong(args[3]),
                    args.length > 4 ? Integer.parseInt(args[4]) * 1024 : ARRAY);
        }
        System.out.flush();
        System.exit(0);
    }

    private static void leak(double mbPerSecond, double garbagePerSecond) throws InterruptedException {
        List<byte[]> held = new ArrayList<>();
        long start = System.nanoTime();
        double leaked = 0;
        double garbage = 0;
        try {
            while (true) {
                double seconds = (System.nanoTime() - start) / 1e9;
                while (leaked < seconds * mbPerSecond * 1024 * 1024) {
                    held.add(new byte[ARRAY]);
                    leaked += ARRAY;
                }
                while (garbage < seconds * garbagePerSecond * 1024 * 1024) {
                    sink = new byte[ARRAY * 4];
                    garbage += ARRAY * 4;
                }
                Thread.sleep(10); // pacing the allocation rate
            }
        } catch (OutOfMemoryError e) {
            held = null;
            System.out.println("OOME " + System.currentTimeMillis());
        }
    }

    private static void churn(int cacheMb, double mbPerSecond, long seconds, int array) throws InterruptedException {
        int entries = cacheMb * 1024 * 1024 / array;
        byte[][] cache = new byte[entries][];
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        double replaced = 0;
        int next = 0;
        while (System.nanoTime() < end) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            while (replaced < elapsed * mbPerSecond * 1024 * 1024) {
                cache[next] = null;
                cache[next] = new byte[array];
                next = (next + 1) % entries;
                replaced += array;
            }
            Thread.sleep(10); // pacing the allocation rate
        }
        sink = cache;
        System.out.println("DONE " + System.currentTimeMillis());
    }
}
