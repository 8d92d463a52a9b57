package dev.vigil.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/** The forecast fitted through the floor of synthetic after-GC readings, on a 1 GB heap, with the time injected. */
class TrendForecastTest {

    private static final long MB = 1024 * 1024;
    private static final long MAX = 1024 * MB;
    private static final long SECOND = 1_000_000_000L;

    private final TrendForecast trend = new TrendForecast(Duration.ofSeconds(600));
    private long now = 1000 * SECOND;

    /** A collection every {@code every} seconds for {@code seconds}, reading the floor plus what {@code above} adds. */
    private void collect(long seconds, long every, DoubleUnaryOperator floorMb, Above above) {
        for (long t = 0; t < seconds; t += every) {
            now += every * SECOND;
            double mb = floorMb.applyAsDouble(t) + above.mb(t);
            trend.add(now, new Reading(Math.round(mb * MB), MAX));
        }
    }

    interface Above {
        double mb(long t);
    }

    private static final Above NONE = t -> 0;

    /** G1's saw-tooth: young collections read up to {@code spreadMb} above the floor, one in ten (a mixed one) on it. */
    private static Above sawtooth(long seed, double spreadMb) {
        Random random = new Random(seed);
        return t -> random.nextInt(10) == 0 ? random.nextDouble() * 2 : random.nextDouble() * spreadMb;
    }

    @Test
    void aConstantLeakGivesItsRateAndTheTimeUntilFull() {
        collect(600, 2, t -> 200 + t * 0.5, NONE); // 30 MB/min, 500 MB at the end: 524 MB left, 1048 s
        Forecast forecast = trend.forecast(now);
        assertNotNull(forecast);
        assertEquals(30 * MB, forecast.bytesPerMinute(), 0.02 * 30 * MB);
        assertEquals(1048, forecast.secondsToFull(), 1048 * 0.05);
    }

    @Test
    void theForecastCountsDownBetweenCollections() {
        collect(600, 2, t -> 200 + t * 0.5, NONE);
        Forecast forecast = trend.forecast(now);
        assertEquals(forecast.secondsToFull(now) - 30, trend.forecast(now + 30 * SECOND).secondsToFull(now + 30 * SECOND));
    }

    @Test
    void noForecastBeforeSixIntervalsAreComplete() {
        collect(200, 2, t -> 200 + t * 0.5, NONE);
        assertNull(trend.forecast(now));
        collect(200, 2, t -> 300 + t * 0.5, NONE);
        assertNotNull(trend.forecast(now));
    }

    @Test
    void aSawtoothWithARisingFloorIsForecastFromTheFloor() {
        // young collections read up to 300 MB (30 % of the heap) above a floor rising 12 MB/min from 300 MB
        collect(1200, 1, t -> 300 + t * 0.2, sawtooth(7, 300));
        Forecast forecast = trend.forecast(now);
        assertNotNull(forecast);
        assertEquals(12 * MB, forecast.bytesPerMinute(), 0.1 * 12 * MB);
        double floorNow = 300 + 1200 * 0.2; // 540 MB: 484 MB left at 12 MB/min = 2420 s
        assertEquals((1024 - floorNow) / 0.2, forecast.secondsToFull(), 0.1 * (1024 - floorNow) / 0.2);
    }

    @Test
    void aFlatFloorUnderNoiseGivesNoForecast() {
        for (long seed = 1; seed <= 20; seed++) {
            TrendForecastTest flat = new TrendForecastTest();
            Above noise = sawtooth(seed, 300);
            for (int minute = 0; minute < 40; minute++) {
                flat.collect(60, 1, t -> 400, noise);
                assertNull(flat.trend.forecast(flat.now), "seed " + seed + ", minute " + minute);
            }
        }
    }

    @Test
    void aFallingFloorGivesNoForecast() {
        collect(900, 1, t -> 700 - t * 0.3, sawtooth(3, 200));
        assertNull(trend.forecast(now));
    }

    @Test
    void aStepIsATrendOnlyUntilTheFloorHasStayedFlatForHalfTheWindow() {
        Above noise = sawtooth(11, 200);
        collect(600, 1, t -> 300, noise);
        collect(600, 1, t -> 500, noise); // a cache of 200 MB filled at once, then flat: 600 s later, flat for the whole window
        assertNull(trend.forecast(now));
        TrendForecastTest halfway = new TrendForecastTest();
        halfway.collect(600, 1, t -> 300, noise);
        halfway.collect(330, 1, t -> 500, noise); // flat for more than half the window already
        assertNull(halfway.trend.forecast(halfway.now));
    }

    @Test
    void noReadingsForAWholeWindowForgetTheForecast() {
        collect(600, 2, t -> 200 + t * 0.5, NONE);
        assertNotNull(trend.forecast(now));
        assertNull(trend.forecast(now + 601 * SECOND));
    }

    @Test
    void aLeakTooSlowToFillTheHeapInAHundredWindowsIsNoForecast() {
        collect(900, 2, t -> 300 + t * (0.009 * 1024 / 600), NONE); // 0.9 % of the heap per window
        assertNull(trend.forecast(now));
        TrendForecastTest faster = new TrendForecastTest();
        faster.collect(900, 2, t -> 300 + t * (0.02 * 1024 / 600), NONE);
        assertTrue(faster.trend.forecast(faster.now).secondsToFull() > 0);
    }

    @Test
    void timeIsSaidAsAForecastDeserves() {
        assertEquals("40 s", Forecast.aboutTime(40));
        assertEquals("14 min", Forecast.aboutTime(14 * 60 + 10));
        assertEquals("3.5 h", Forecast.aboutTime(3 * 3600 + 1800));
        assertEquals("+4.1 MB/min, full in about 14 min", new Forecast(4.1 * MB, 840, 0).describe());
    }
}
