package dev.vigil.watermark;

import static dev.vigil.watermark.WatermarkState.CRITICAL;
import static dev.vigil.watermark.WatermarkState.NORMAL;
import static dev.vigil.watermark.WatermarkState.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The watermark's judgement, fed readings directly: levels, hysteresis, one move per change, counters, peak. */
class HeapWatermarkTest {

    private static final long MAX = 1000;

    private final List<Transition> moves = new CopyOnWriteArrayList<>();
    /** The monotonic clock holds are timed with, moved by the test. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final HeapWatermark watermark = new HeapWatermark("heap", WatermarkSettings.defaults(), moves::add, Clock.systemUTC(), nanos::get);

    private void feed(double... percents) {
        for (double percent : percents) {
            watermark.record(new Reading(Math.round(percent * MAX / 100), MAX), "test", Instant.now());
        }
    }

    /** Young or mixed collections, one every {@code stepMillis}. */
    private void feedPartial(long stepMillis, double... percents) {
        for (double percent : percents) {
            nanos.addAndGet(stepMillis * 1_000_000L);
            watermark.record(new Reading(Math.round(percent * MAX / 100), MAX), HeapWatermark.Evidence.COLLECTION, "young", Instant.now());
        }
    }

    private List<String> path() {
        return moves.stream().map(t -> t.from() + "->" + t.to()).collect(Collectors.toList());
    }

    @Test
    void entersEachLevelAtItsValueAndLeavesItFivePointsBelow() {
        feed(50, 69.9, 70, 84.9, 85, 80.1, 80, 79.9, 65, 64.9);
        assertEquals(List.of("NORMAL->WARNING", "WARNING->CRITICAL", "CRITICAL->WARNING", "WARNING->NORMAL"), path());
        assertEquals(70.0, moves.get(0).reading().percent(), 0.1);
        assertEquals(79.9, moves.get(2).reading().percent(), 0.1);
        assertEquals(64.9, moves.get(3).reading().percent(), 0.1);
    }

    @Test
    void saysSinceWhenItHasBeenInItsStateAndKeepsItWhileTheStateHolds() {
        Instant made = watermark.stateSince();
        assertTrue(made != null && !made.isAfter(Instant.now()), "since it was made while it has not moved: " + made);
        Instant critical = Instant.parse("2026-12-02T08:00:00Z");
        watermark.record(new Reading(900, MAX), "test", critical);
        assertEquals(critical, watermark.stateSince());
        watermark.record(new Reading(880, MAX), "test", critical.plusSeconds(30)); // still CRITICAL: the same since
        assertEquals(critical, watermark.stateSince());
        watermark.record(new Reading(100, MAX), "test", critical.plusSeconds(60));
        assertEquals(NORMAL, watermark.state());
        assertEquals(critical.plusSeconds(60), watermark.stateSince());
    }

    @Test
    void usageHoveringAtALevelMovesOnlyOnce() {
        feed(70, 69, 71, 68, 72, 66, 70.5, 85, 84, 86, 81, 85.5);
        assertEquals(List.of("NORMAL->WARNING", "WARNING->CRITICAL"), path());
        assertEquals(1, watermark.warningCrossings());
        assertEquals(1, watermark.criticalCrossings());
    }

    @Test
    void aJumpFromNormalToCriticalIsOneMoveAndCrossesBothLevels() {
        feed(10, 90);
        assertEquals(List.of("NORMAL->CRITICAL"), path());
        assertEquals(1, watermark.warningCrossings());
        assertEquals(1, watermark.criticalCrossings());
        feed(10);
        assertEquals(List.of("NORMAL->CRITICAL", "CRITICAL->NORMAL"), path());
        assertEquals(NORMAL, watermark.state());
    }

    @Test
    void eachMoveCarriesTheReadingLevelsAndCause() {
        feed(86);
        Transition move = moves.get(0);
        assertEquals("heap", move.watermark());
        assertEquals(CRITICAL, move.to());
        assertEquals(860, move.reading().used());
        assertEquals(MAX, move.reading().max());
        assertEquals(70, move.warning());
        assertEquals(85, move.critical());
        assertEquals(Measure.AFTER_GC, move.measure());
        assertEquals("test", move.cause());
        assertEquals(move, watermark.lastCrossing());
    }

    @Test
    void peakIsTheHighestReadingUntilReset() {
        assertNull(watermark.lastCrossing());
        feed(30, 60, 40);
        assertEquals(600, watermark.peakUsed());
        Instant before = watermark.peakTime();
        watermark.resetPeak();
        assertEquals(400, watermark.peakUsed(), "reset-peak sets the peak to the last reading");
        assertTrue(!watermark.peakTime().isBefore(before));
        feed(45);
        assertEquals(450, watermark.peakUsed());
    }

    @Test
    void newLevelsApplyToTheLastReadingAtOnce() {
        feed(60);
        assertEquals(NORMAL, watermark.state());
        watermark.reconfigure(watermark.settings().withLevels(50, 80));
        assertEquals(WARNING, watermark.state());
        assertEquals(List.of("NORMAL->WARNING"), path());
        assertEquals("reconfigured", moves.get(0).cause());
    }

    @Test
    void nextStateTable() {
        assertEquals(NORMAL, HeapWatermark.next(NORMAL, 69.99, 70, 85));
        assertEquals(WARNING, HeapWatermark.next(NORMAL, 70, 70, 85));
        assertEquals(CRITICAL, HeapWatermark.next(NORMAL, 85, 70, 85));
        assertEquals(WARNING, HeapWatermark.next(WARNING, 65, 70, 85));
        assertEquals(NORMAL, HeapWatermark.next(WARNING, 64.99, 70, 85));
        assertEquals(CRITICAL, HeapWatermark.next(CRITICAL, 80, 70, 85));
        assertEquals(WARNING, HeapWatermark.next(CRITICAL, 79.99, 70, 85));
        assertEquals(NORMAL, HeapWatermark.next(CRITICAL, 10, 70, 85));
        // levels closer than the hysteresis: leaving CRITICAL below warning still passes through WARNING's band
        assertEquals(CRITICAL, HeapWatermark.next(CRITICAL, 67, 70, 72));
        assertEquals(WARNING, HeapWatermark.next(CRITICAL, 66.9, 70, 72));
    }

    @Test
    void aRiseOnYoungCollectionsNeedsTheLevelToHoldForFiveSecondsAndThreeReadings() {
        feedPartial(1000, 72, 90, 75, 80, 88);
        assertEquals(List.of(), path(), "4 s at or above warning is not enough");
        feedPartial(1000, 71);
        assertEquals(List.of("NORMAL->WARNING"), path());
        assertEquals(71.0, moves.get(0).reading().percent(), 0.1, "the move shows the lowest reading that held");
        assertTrue(moves.get(0).cause().contains("held 5 s over 6 readings"), moves.get(0).cause());
    }

    @Test
    void aYoungReadingBelowTheLevelStartsTheHoldOver() {
        feedPartial(1000, 72, 75, 80, 69, 72, 75, 80, 82, 90);
        assertEquals(List.of(), path());
        feedPartial(1000, 90);
        assertEquals(List.of("NORMAL->WARNING"), path(), "5 s held since the first reading after the 69");
    }

    @Test
    void twoQuickReadingsDoNotHoldALevelHoweverLong() {
        feedPartial(60_000, 90, 90);
        assertEquals(List.of(), path(), "two readings a minute apart");
        feedPartial(60_000, 90);
        assertEquals(List.of("NORMAL->CRITICAL"), path());
    }

    @Test
    void aBusyServerSawToothSettlesInOneState() {
        // Measured on a 256 MB G1 heap with a 110 MB cache replaced at 100 MB/s: a collection every 100 ms reading
        // 66-97 %, G1's mixed collections bringing it down about once a second. Two minutes of it.
        double[] tooth = { 72.9, 78.0, 81.6, 85.3, 89.0, 85.5, 82.4, 79.6, 77.4, 81.0, 84.7, 88.3, 92.0, 87.2, 83.8, 81.2, 78.8, 80.5, 84.1, 87.8,
            91.5, 95.2, 90.9, 87.0, 84.3, 81.9, 81.3, 85.0, 88.6, 92.2, 95.2, 91.7, 90.5, 86.8, 80.1, 76.1, 72.8, 69.8, 66.9, 66.4, 73.1, 77.7 };
        for (int i = 0; i < 1200 / tooth.length; i++) {
            feedPartial(100, tooth);
        }
        assertEquals(List.of(), path(), "the lowest reading (66.4) comes every 4 s: never WARNING for 5 s");
        double[] higher = new double[tooth.length];
        for (int i = 0; i < tooth.length; i++) {
            higher[i] = tooth[i] + 4;
        }
        for (int i = 0; i < 1200 / tooth.length; i++) {
            feedPartial(100, higher);
        }
        assertEquals(List.of("NORMAL->WARNING"), path(), "70.4 % and up: WARNING, and no swing ever holds CRITICAL");
    }

    @Test
    void aFullCollectionIsJudgedAtOnce() {
        feedPartial(100, 90);
        watermark.record(new Reading(550, MAX), HeapWatermark.Evidence.FULL_COLLECTION, "G1 Old Generation (System.gc())", Instant.now());
        feedPartial(1000, 90, 90, 90, 90);
        assertEquals(List.of(), path(), "the full collection's 55 % broke the hold");
        watermark.record(new Reading(860, MAX), HeapWatermark.Evidence.FULL_COLLECTION, "G1 Old Generation (System.gc())", Instant.now());
        assertEquals(List.of("NORMAL->CRITICAL"), path());
    }

    @Test
    void forAMinuteAFullCollectionOutvotesYoungCollectionsThatReadMore() {
        // G1 out of room every few seconds: its full collections read what is live, the young ones between them garbage too.
        watermark.record(new Reading(619, MAX), HeapWatermark.Evidence.FULL_COLLECTION_WITHOUT_ROOM, "G1 Old Generation (G1 Compaction Pause)", Instant.now());
        feedPartial(1000, 75, 80, 85, 90, 95, 99, 80, 78, 75, 74);
        assertEquals(List.of(), path(), "10 s of young readings after a full collection at 61.9 %");
        feedPartial(10_000, 75, 75, 75, 75, 75);
        assertEquals(List.of(), path(), "still within the minute");
        feedPartial(1000, 75, 75, 75, 75, 75, 75);
        assertEquals(List.of("NORMAL->WARNING"), path(), "a minute without a full collection: young readings that hold count again");
    }

    @Test
    void aFullCollectionOutvotesOnlyTheLevelsAboveWhatItRead() {
        watermark.record(new Reading(750, MAX), HeapWatermark.Evidence.FULL_COLLECTION, "G1 Old Generation (System.gc())", Instant.now());
        feedPartial(1000, 60);
        feedPartial(1000, 90, 90, 90, 90, 90, 90);
        assertEquals(List.of("NORMAL->WARNING", "WARNING->NORMAL", "NORMAL->WARNING"), path(),
                "the full collection's 75 % allows WARNING again, not CRITICAL");
    }

    @Test
    void aFullCollectionTheJvmRanForRoomIsCriticalEvenWhenRegionWasteHidesIt() {
        watermark.record(new Reading(765, MAX), HeapWatermark.Evidence.FULL_COLLECTION_WITHOUT_ROOM, "G1 Old Generation (G1 Compaction Pause)", Instant.now());
        assertEquals(List.of("NORMAL->CRITICAL"), path());
        assertTrue(moves.get(0).cause().contains("to find room"), moves.get(0).cause());
    }

    @Test
    void afterAFullCollectionForRoomOnlyAReadingFivePointsBelowItBringsCriticalDown() {
        watermark.record(new Reading(765, MAX), HeapWatermark.Evidence.FULL_COLLECTION_WITHOUT_ROOM, "G1 Old Generation (G1 Compaction Pause)", Instant.now());
        feedPartial(10, 77, 75, 71.6);
        assertEquals(List.of("NORMAL->CRITICAL"), path(), "below critical's exit point, but as full as when the JVM found no room");
        feedPartial(10, 71.4);
        assertEquals(List.of("NORMAL->CRITICAL", "CRITICAL->WARNING"), path());
    }

    @Test
    void aFullCollectionForRoomThatLeavesTheHeapLowIsJudgedByItsReading() {
        watermark.record(new Reading(300, MAX), HeapWatermark.Evidence.FULL_COLLECTION_WITHOUT_ROOM, "G1 Old Generation (G1 Compaction Pause)", Instant.now());
        assertEquals(List.of(), path());
    }

    @Test
    void oneYoungReadingBelowTheExitPointIsEnoughToFall() {
        feed(90);
        feedPartial(100, 79.9);
        assertEquals(List.of("NORMAL->CRITICAL", "CRITICAL->WARNING"), path());
    }

    @Test
    void theUsageOfTheMomentBringsAnIdleAfterGcWatermarkDown() {
        // This JVM's heap now, garbage included, is far below 65 % of its maximum: the proof an idle server needs
        // when G1's concurrent cycle freed the old generation without a collection notification.
        HeapWatermark idle = new HeapWatermark("heap", WatermarkSettings.defaults(), moves::add, Clock.systemUTC(), nanos::get);
        idle.record(new Reading(Runtime.getRuntime().maxMemory() * 9 / 10, Runtime.getRuntime().maxMemory()), "test", Instant.now());
        idle.sample();
        assertEquals(List.of("NORMAL->CRITICAL", "CRITICAL->NORMAL"), path());
        assertTrue(moves.get(1).cause().startsWith("sample"), moves.get(1).cause());
        assertTrue(idle.usagePercent() < 65, "usage-percent shows the reading that proved the fall: " + idle.usagePercent());
    }

    @Test
    void theUsageOfTheMomentNeverRaisesAnAfterGcWatermark() {
        HeapWatermark low = new HeapWatermark("heap", WatermarkSettings.defaults().withLevels(1, 2), moves::add, Clock.systemUTC(), nanos::get);
        for (int i = 0; i < 10; i++) {
            nanos.addAndGet(1_000_000_000L);
            low.sample();
        }
        assertEquals(List.of(), path(), "garbage included, usage now says nothing of what is held");
    }

    @Test
    void aWallClockSteppedBackDoesNotStretchAHold() {
        java.util.concurrent.atomic.AtomicReference<Instant> wall = new java.util.concurrent.atomic.AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));
        Clock stepping = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return wall.get();
            }
        };
        HeapWatermark stepped = new HeapWatermark("heap", WatermarkSettings.defaults(), moves::add, stepping, nanos::get);
        for (int i = 0; i < 6; i++) {
            nanos.addAndGet(1_000_000_000L);
            wall.set(wall.get().minus(java.time.Duration.ofHours(1)));
            stepped.record(new Reading(900, MAX), HeapWatermark.Evidence.COLLECTION, "young", wall.get());
        }
        assertEquals(List.of("NORMAL->CRITICAL"), path());
    }

    @Test
    void collectorsAreTold() {
        assertEquals(HeapWatermark.Evidence.COLLECTION, HeapWatermark.evidence("G1 Young Generation", "G1 Evacuation Pause"));
        assertEquals(HeapWatermark.Evidence.COLLECTION, HeapWatermark.evidence("G1 Young Generation", "G1 Preventive Collection"));
        assertEquals(HeapWatermark.Evidence.COLLECTION, HeapWatermark.evidence("G1 Concurrent GC", "G1 Remark"));
        assertEquals(HeapWatermark.Evidence.COLLECTION, HeapWatermark.evidence("PS Scavenge", "Allocation Failure"));
        assertEquals(HeapWatermark.Evidence.FULL_COLLECTION, HeapWatermark.evidence("G1 Old Generation", "System.gc()"));
        assertEquals(HeapWatermark.Evidence.FULL_COLLECTION, HeapWatermark.evidence("G1 Old Generation", "Heap Inspection Initiated GC"));
        assertEquals(HeapWatermark.Evidence.FULL_COLLECTION, HeapWatermark.evidence("G1 Old Generation", "Heap Dump Initiated GC"));
        assertEquals(HeapWatermark.Evidence.FULL_COLLECTION_WITHOUT_ROOM, HeapWatermark.evidence("G1 Old Generation", "G1 Compaction Pause"));
        assertEquals(HeapWatermark.Evidence.FULL_COLLECTION_WITHOUT_ROOM, HeapWatermark.evidence("PS MarkSweep", "Ergonomics"));
        assertEquals(HeapWatermark.Evidence.FULL_COLLECTION_WITHOUT_ROOM, HeapWatermark.evidence("ZGC Cycles", "Allocation Stall"));
    }
}
