package dev.vigil.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** A watermark's forecast, warn-within and measure=gc-overhead, fed collections with the monotonic clock injected. */
class WatermarkForecastTest {

    private static final long MAX = 1000;
    private static final long SECOND = 1_000_000_000L;

    private final List<Transition> moves = new CopyOnWriteArrayList<>();
    private final AtomicLong nanos = new AtomicLong(1000 * SECOND);

    private HeapWatermark watermark(WatermarkSettings settings) {
        return new HeapWatermark("heap", settings, moves::add, Clock.systemUTC(), nanos::get);
    }

    /** A young collection every second for {@code seconds}, reading {@code used(t)} of 1000, each pausing {@code pauseMillis}. */
    private static void young(HeapWatermark watermark, AtomicLong nanos, long seconds, long pauseMillis, LongUnaryOperator used) {
        for (long t = 0; t < seconds; t++) {
            nanos.addAndGet(SECOND);
            watermark.collected(new Reading(used.applyAsLong(t), MAX), "G1 Young Generation", pauseMillis, HeapWatermark.Evidence.COLLECTION,
                    "G1 Young Generation (G1 Evacuation Pause)", Instant.now());
        }
    }

    private List<String> path() {
        return moves.stream().map(t -> t.from() + "->" + t.to() + " " + t.cause()).collect(Collectors.toList());
    }

    private static WatermarkSettings warnWithin(long seconds) {
        return WatermarkSettings.defaults().withTrend(Duration.ofSeconds(600), Duration.ofSeconds(seconds));
    }

    @Test
    void aLeakIsForecastOnTheWatermark() {
        HeapWatermark watermark = watermark(WatermarkSettings.defaults());
        young(watermark, nanos, 600, 5, t -> 100 + t / 2); // 30 per minute; 400 at the end
        Forecast forecast = watermark.forecast();
        assertNotNull(forecast);
        assertEquals(30, forecast.bytesPerMinute(), 1);
        assertEquals(1200, forecast.secondsToFull(), 1200 * 0.05);
        assertEquals(List.of(), path(), "no warn-within: the forecast moves nothing");
    }

    @Test
    void warnWithinEntersWarningUnderTheLevelWhenTheForecastSaysFullWithinIt() {
        HeapWatermark watermark = watermark(warnWithin(1800));
        young(watermark, nanos, 600, 5, t -> 100 + t / 2); // 40 % at the end, full in about 20 min
        assertEquals(WatermarkState.WARNING, watermark.state());
        Transition move = moves.get(0);
        assertTrue(move.cause().startsWith("forecast: full in about "), move.cause());
        assertTrue(move.reading().percent() < 70, "under the warning level: " + move.reading().percent());
        assertNotNull(move.forecast(), "the move carries the forecast for its log line");
        assertEquals(1, moves.size());
    }

    @Test
    void warnWithinWaitsWhileTheForecastSaysLater() {
        HeapWatermark watermark = watermark(warnWithin(600));
        young(watermark, nanos, 600, 5, t -> 100 + t / 2); // full in about 20 min: later than 10
        assertNotNull(watermark.forecast());
        assertEquals(WatermarkState.NORMAL, watermark.state());
    }

    @Test
    void aForecastWarningFallsBackToNormalWhenTheForecastNoLongerSaysSo() {
        HeapWatermark watermark = watermark(warnWithin(1800));
        young(watermark, nanos, 600, 5, t -> 100 + t / 2);
        assertEquals(WatermarkState.WARNING, watermark.state());
        young(watermark, nanos, 700, 5, t -> 400); // the leak stopped: flat for more than a window
        assertNull(watermark.forecast());
        assertEquals(WatermarkState.NORMAL, watermark.state());
        assertEquals(List.of("NORMAL->WARNING", "WARNING->NORMAL"), moves.stream().map(t -> t.from() + "->" + t.to()).collect(Collectors.toList()));
    }

    @Test
    void aForecastWarningStaysWhileUsageIsAtTheExitPointOrAbove() {
        HeapWatermark watermark = watermark(warnWithin(3600));
        young(watermark, nanos, 900, 5, t -> 200 + t / 2); // 65 % at the end
        assertEquals(WatermarkState.WARNING, watermark.state());
        young(watermark, nanos, 700, 5, t -> 660); // flat at 66 %: over the exit point 65
        assertNull(watermark.forecast());
        assertEquals(WatermarkState.WARNING, watermark.state());
    }

    private static WatermarkSettings gcOverhead() {
        return new WatermarkSettings(List.of(MemoryPoolSet.HEAP), 10, 30, Measure.GC_OVERHEAD, List.of(dev.vigil.action.Action.NOTIFY),
                List.of(dev.vigil.action.Action.NOTIFY));
    }

    @Test
    void gcOverheadJudgesTheShareOfTimeInPausesAndKeepsTheHeapNumbers() {
        HeapWatermark watermark = watermark(gcOverhead());
        young(watermark, nanos, 60, 200, t -> 300); // 200 ms of every second: 20 % once the window is full
        assertEquals(WatermarkState.WARNING, watermark.state());
        assertEquals(20.0, watermark.usagePercent(), 0.5);
        Transition move = moves.get(0);
        assertEquals(300, move.reading().used(), "used stays the heap's, after the last collection");
        assertEquals(10.0, move.reading().percent(), 0.5, "entered at the level: 10 % after 30 s");
        young(watermark, nanos, 60, 600, t -> 300);
        assertEquals(WatermarkState.CRITICAL, watermark.state());
    }

    @Test
    void gcOverheadFallsOnTheSamplerWhenTheCollectionsStop() {
        HeapWatermark watermark = watermark(gcOverhead());
        young(watermark, nanos, 60, 200, t -> 300);
        assertEquals(WatermarkState.WARNING, watermark.state());
        nanos.addAndGet(61 * SECOND);
        watermark.sample();
        assertEquals(WatermarkState.NORMAL, watermark.state());
        assertEquals(0.0, watermark.usagePercent(), 0.01);
    }

    @Test
    void gcOverheadLeavesOutTheConcurrentCycle() {
        HeapWatermark watermark = watermark(gcOverhead());
        for (int i = 0; i < 60; i++) {
            nanos.addAndGet(SECOND);
            watermark.collected(new Reading(300, MAX), "G1 Concurrent GC", 900, HeapWatermark.Evidence.COLLECTION, "G1 Concurrent GC (G1 Remark)", Instant.now());
        }
        assertEquals(0.0, watermark.usagePercent(), 0.01);
        assertEquals(WatermarkState.NORMAL, watermark.state());
    }

    @Test
    void theConcurrentCycleIsNoReadingOfTheFloor() {
        HeapWatermark watermark = watermark(WatermarkSettings.defaults());
        for (long t = 0; t < 600; t++) {
            nanos.addAndGet(SECOND);
            // a flat floor of 400 after the young collections; beside them the concurrent cycle reads from 100 up to 400
            watermark.collected(new Reading(400, MAX), "G1 Young Generation", 5, HeapWatermark.Evidence.COLLECTION,
                    "G1 Young Generation (G1 Evacuation Pause)", Instant.now());
            watermark.collected(new Reading(100 + t / 2, MAX), "G1 Concurrent GC", 5, HeapWatermark.Evidence.COLLECTION,
                    "G1 Concurrent GC (G1 Cleanup)", Instant.now());
        }
        assertNull(watermark.forecast(), "the floor is flat: the concurrent cycle's rising readings are not the floor");
    }

    @Test
    void zgcCyclesAreReadingsOfTheFloor() {
        HeapWatermark watermark = watermark(WatermarkSettings.defaults());
        for (long t = 0; t < 600; t++) {
            nanos.addAndGet(SECOND);
            watermark.collected(new Reading(100 + t / 2, MAX), "ZGC Cycles", 5, HeapWatermark.Evidence.COLLECTION, "ZGC Cycles (Allocation Rate)", Instant.now());
        }
        assertNotNull(watermark.forecast(), "ZGC's cycles are its collections");
    }
}
