package dev.vigil.watermark;

import static dev.vigil.watermark.WatermarkState.CRITICAL;
import static dev.vigil.watermark.WatermarkState.NORMAL;
import static dev.vigil.watermark.WatermarkState.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The watermark's judgement, fed readings directly: levels, hysteresis, one move per change, counters, peak. */
class HeapWatermarkTest {

    private static final long MAX = 1000;

    private final List<Transition> moves = new CopyOnWriteArrayList<>();
    private final HeapWatermark watermark = new HeapWatermark("heap", WatermarkSettings.defaults(), moves::add);

    private void feed(double... percents) {
        for (double percent : percents) {
            watermark.record(new Reading(Math.round(percent * MAX / 100), MAX), "test", Instant.now());
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
}
