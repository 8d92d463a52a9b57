package dev.vigil.watermark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a watermark with the shipped defaults in a JVM of its own (small heap, G1), fills that heap and prints every
 * move, so tests can watch real collections drive it. Scenarios:
 * <ul>
 * <li>{@code levels}: hold memory to 76% then 90% of the heap after GC, then release it;</li>
 * <li>{@code current}: the same watermark with measure=current: hold memory to 80% and let the sampler see it;</li>
 * <li>{@code oome CHUNK}: hold CHUNK-byte arrays until OutOfMemoryError, then release;</li>
 * <li>{@code broken-listener}: {@code levels} with a GC listener registered before the watermark's that throws
 * NoClassDefFoundError on every collection, as WildFly 39's micrometer does without com.sun.management.</li>
 * </ul>
 * Output lines: {@code MOVE <from> <to> <percent> <epoch-millis> <cause>}, {@code OOME <epoch-millis>},
 * {@code MISSING <collector>} (notifications found missing), {@code POLLED <count>}, {@code DONE}.
 */
public final class WatermarkProbe {

    private static final BlockingQueue<Transition> MOVES = new LinkedBlockingQueue<>();
    // Moves are printed at the end: printing from the notification thread on a full heap could itself fail.
    private static final List<Transition> ALL = java.util.Collections.synchronizedList(new ArrayList<>(64));
    private static final List<byte[]> hoard = new ArrayList<>(1 << 20);

    public static void main(String[] args) throws Exception {
        WatermarkSettings settings = "current".equals(args[0]) ? WatermarkSettings.defaults().withMeasure(Measure.CURRENT) : WatermarkSettings.defaults();
        List<String> missing = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        if ("broken-listener".equals(args[0])) {
            for (java.lang.management.GarbageCollectorMXBean collector : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                    throw new NoClassDefFoundError("com/sun/management/GarbageCollectionNotificationInfo");
                }, null, null);
            }
        }
        HeapWatermark watermark = new HeapWatermark("heap", settings, move -> {
            ALL.add(move);
            MOVES.add(move);
        }, collector -> {
            missing.add(collector);
            reported.countDown();
        });
        watermark.start();
        if ("levels".equals(args[0]) || "broken-listener".equals(args[0])) {
            fillTo(watermark, 0.76);
            awaitState(WatermarkState.WARNING);
            fillTo(watermark, 0.90);
            awaitState(WatermarkState.CRITICAL);
        } else if ("current".equals(args[0])) {
            fillTo(watermark, 0.80);
            awaitState(WatermarkState.WARNING);
        } else {
            int chunk = Integer.parseInt(args[1]);
            // Resolve currentTimeMillis now: a method's first call can allocate, which fails on a full heap.
            long at = System.currentTimeMillis();
            try {
                while (true) {
                    hoard.add(new byte[chunk]);
                }
            } catch (OutOfMemoryError e) {
                at = System.currentTimeMillis();
                hoard.clear();
                System.gc(); // on a full G1 heap the next allocations can fail again before a collection runs
                System.out.println("OOME " + at);
            }
        }
        hoard.clear();
        System.gc();
        // Notifications arrive in order: once NORMAL is in, every earlier move has been printed.
        awaitState(WatermarkState.NORMAL);
        if ("broken-listener".equals(args[0])) {
            // The gap is reported after HeapWatermark.MISSES_REPORTED polls that found a collection without its notification.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                System.gc();
            } while (!reported.await(1500, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
        }
        watermark.stop();
        synchronized (ALL) {
            for (Transition move : ALL) {
                System.out.printf(java.util.Locale.ROOT, "MOVE %s %s %.1f %d %s%n", move.from(), move.to(), move.reading().percent(),
                        move.time().toEpochMilli(), move.cause());
            }
        }
        missing.forEach(collector -> System.out.println("MISSING " + collector));
        System.out.println("POLLED " + watermark.collectionsWithoutNotification());
        System.out.println("DONE");
    }

    private static void fillTo(HeapWatermark watermark, double fraction) {
        System.gc();
        long used = watermark.currentReading().used();
        long target = (long) (watermark.max() * fraction);
        for (long held = used; held < target; held += 16 * 1024) {
            hoard.add(new byte[16 * 1024 - 16]);
        }
        System.gc();
    }

    private static void awaitState(WatermarkState state) throws InterruptedException {
        while (true) {
            Transition move = MOVES.poll(60, TimeUnit.SECONDS);
            if (move == null) {
                throw new IllegalStateException("no move to " + state + " within 60 s");
            }
            if (move.to() == state) {
                return;
            }
        }
    }
}
