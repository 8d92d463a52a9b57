package dev.vigil.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** What a long run prints: phases, percentages at most every 2 s, and a heartbeat in a phase that counts nothing. */
class ProgressLinesTest {

    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ProgressLines progress = new ProgressLines(new PrintStream(out, true, StandardCharsets.UTF_8), now::get);

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private void at(long seconds) {
        now.set(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void aPhaseThatCountsNothingSaysItIsAliveEveryTenSecondsAndNoMoreOften() {
        progress.phase("dominators");
        at(5);
        progress.heartbeat();
        at(10);
        progress.heartbeat();
        at(15);
        progress.heartbeat();
        at(21);
        progress.heartbeat();

        assertEquals(List.of("dominators", "dominators: still at it, 10 s", "dominators: still at it, 21 s"), lines());
    }

    @Test
    void readingPrintsItsShareAtMostEveryTwoSecondsAndNoHeartbeatBetween() {
        progress.phase("reading classes and objects");
        at(1);
        progress.advanced(100L << 20, 1L << 30);
        at(2);
        progress.advanced(430L << 20, 1L << 30);
        at(11);
        progress.heartbeat();

        assertEquals(List.of("reading classes and objects", "reading classes and objects: 41 % (430.0 MiB of 1.0 GiB)"), lines());
    }
}
