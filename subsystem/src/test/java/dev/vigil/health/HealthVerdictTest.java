package dev.vigil.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;

/** The health check's rule, fed standings and times: 503 once a watermark has stayed CRITICAL longer than unhealthy-after. */
class HealthVerdictTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final Duration AFTER = Duration.ofSeconds(300);

    private static ModelNode standing(String name, String state, Instant since) {
        ModelNode node = new ModelNode();
        node.get("name").set(name);
        node.get("state").set(state);
        node.get("since").set(since.toString());
        return node;
    }

    private static ModelNode list(ModelNode... watermarks) {
        ModelNode list = new ModelNode().setEmptyList();
        for (ModelNode watermark : watermarks) {
            list.add(watermark);
        }
        return list;
    }

    @Test
    void isUpWithNoWatermarkOrOnlyCalmOnes() {
        assertEquals(200, HealthVerdict.judge(new ModelNode().setEmptyList(), false, AFTER, NOW).httpStatus());
        HealthVerdict verdict = HealthVerdict.judge(list(standing("heap", "NORMAL", NOW.minusSeconds(9999)),
                standing("old", "WARNING", NOW.minusSeconds(9999))), false, AFTER, NOW);
        assertTrue(verdict.up(), verdict.reason());
        assertEquals("UP", verdict.status());
        assertEquals("no watermark is CRITICAL", verdict.reason());
    }

    @Test
    void staysUpWhileCriticalIsYoungerThanUnhealthyAfter() {
        HealthVerdict verdict = HealthVerdict.judge(list(standing("heap", "CRITICAL", NOW.minusSeconds(299))), false, AFTER, NOW);
        assertTrue(verdict.up());
        assertEquals("watermark heap CRITICAL for 299 s, unhealthy after 300 s", verdict.reason());
    }

    @Test
    void isDownOnceCriticalHasLastedUnhealthyAfter() {
        HealthVerdict verdict = HealthVerdict.judge(list(standing("heap", "NORMAL", NOW), standing("old", "CRITICAL", NOW.minusSeconds(300))),
                false, AFTER, NOW);
        assertFalse(verdict.up());
        assertEquals(503, verdict.httpStatus());
        assertEquals("DOWN", verdict.status());
        assertEquals("watermark old CRITICAL for 300 s, unhealthy after 300 s", verdict.reason());
    }

    @Test
    void namesTheWatermarkCriticalLongest() {
        HealthVerdict verdict = HealthVerdict.judge(list(standing("a", "CRITICAL", NOW.minusSeconds(400)), standing("b", "CRITICAL", NOW.minusSeconds(900))),
                false, AFTER, NOW);
        assertTrue(verdict.reason().startsWith("watermark b CRITICAL for 900 s"), verdict.reason());
    }

    @Test
    void staysUpWhileAHeapDumpIsBeingWrittenAndSaysSo() {
        HealthVerdict verdict = HealthVerdict.judge(list(standing("heap", "CRITICAL", NOW.minusSeconds(3600))), true, AFTER, NOW);
        assertTrue(verdict.up());
        assertTrue(verdict.reason().endsWith("but a heap dump is being written: UP until it is on disk"), verdict.reason());
    }

    @Test
    void aCriticalWithoutAKnownSinceCountsAsJustEntered() {
        ModelNode watermark = standing("heap", "CRITICAL", NOW);
        watermark.get("since").set("not a time");
        assertTrue(HealthVerdict.judge(list(watermark), false, AFTER, NOW).up());
    }
}
