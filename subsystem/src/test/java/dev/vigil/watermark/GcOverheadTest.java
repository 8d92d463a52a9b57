package dev.vigil.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The share of time in GC pauses, from synthetic pause durations with the time injected. */
class GcOverheadTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;

    private final GcOverhead overhead = new GcOverhead(Duration.ofSeconds(60));
    private long now = 500 * SECOND;

    @Test
    void pausesAreAddedUpOverTheWindow() {
        for (int i = 0; i < 60; i++) {
            now += SECOND;
            overhead.pause(now, 100); // 100 ms every second
        }
        assertEquals(10.0, overhead.percent(now), 0.01);
    }

    @Test
    void pausesThatLeaveTheWindowNoLongerCount() {
        now += SECOND;
        overhead.pause(now, 3000);
        assertEquals(5.0, overhead.percent(now), 0.01);
        assertEquals(0.0, overhead.percent(now + 61 * SECOND), 0.01);
    }

    @Test
    void aPauseHalfOutOfTheWindowCountsWithItsPartInside() {
        now += SECOND;
        overhead.pause(now, 2000);
        assertEquals(1000 * 100.0 / 60000, overhead.percent(now + 59 * SECOND), 0.01); // it began 61 s before, ended 59 s before
    }

    @Test
    void theWholeWindowIsTheDenominatorFromTheStart() {
        now += SECOND;
        overhead.pause(now, 600);
        assertEquals(1.0, overhead.percent(now), 0.01); // not 60 % of the first second
    }

    @Test
    void aDeathSpiralReadsNearTheJvmsOwnLimit() {
        for (int i = 0; i < 600; i++) {
            now += 100 * MILLI;
            overhead.pause(now, 95); // 95 ms of every 100
        }
        assertEquals(95.0, overhead.percent(now), 0.5);
    }

    @Test
    void onlyPausesCount() {
        assertTrue(GcOverhead.countsAsPause("G1 Young Generation"));
        assertTrue(GcOverhead.countsAsPause("G1 Old Generation"));
        assertTrue(GcOverhead.countsAsPause("ZGC Pauses"));
        assertTrue(GcOverhead.countsAsPause("PS Scavenge"));
        assertFalse(GcOverhead.countsAsPause("G1 Concurrent GC"));
        assertFalse(GcOverhead.countsAsPause("ZGC Cycles"));
        assertFalse(GcOverhead.countsAsPause("ZGC Major Cycles"));
        assertFalse(GcOverhead.countsAsPause("Shenandoah Cycles"));
    }
}
