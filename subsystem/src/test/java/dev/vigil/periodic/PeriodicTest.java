package dev.vigil.periodic;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A periodic task that nothing ends but close(): failures, errors included, are reported and the turns go on. */
class PeriodicTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Test
    void aTurnThatThrowsAnOutOfMemoryErrorIsReportedAndTheNextTurnsRun() {
        AtomicInteger turns = new AtomicInteger();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");
        try (Periodic periodic = new Periodic("periodic-test", Duration.ofMillis(5), () -> {
            if (turns.incrementAndGet() == 1) {
                throw error;
            }
        }, reported::add).start()) {
            await("turns after the error").atMost(AWAIT).until(() -> turns.get() >= 3);
        }
        assertEquals(1, reported.size(), "reported once: " + reported);
        assertSame(error, reported.get(0));
    }

    @Test
    void aReportThatFailsItselfIsDroppedAndTheTurnsGoOn() {
        AtomicInteger turns = new AtomicInteger();
        try (Periodic periodic = new Periodic("periodic-test", Duration.ofMillis(5), () -> {
            turns.incrementAndGet();
            throw new IllegalStateException("turn");
        }, e -> {
            throw new OutOfMemoryError("no memory to log");
        }).start()) {
            await("turns go on").atMost(AWAIT).until(() -> turns.get() >= 3);
        }
    }

    @Test
    void aNewIntervalAppliesAtOnce() {
        AtomicInteger turns = new AtomicInteger();
        try (Periodic periodic = new Periodic("periodic-test", Duration.ofHours(1), turns::incrementAndGet, e -> { }).start()) {
            await("no turn within the hour").during(Duration.ofMillis(200)).atMost(AWAIT).until(turns::get, n -> n == 0);

            periodic.interval(Duration.ofMillis(5));

            await("turns every 5 ms").atMost(AWAIT).until(() -> turns.get() >= 3);
        }
    }

    @Test
    void closeEndsTheTurns() {
        AtomicInteger turns = new AtomicInteger();
        Periodic periodic = new Periodic("periodic-test", Duration.ofMillis(5), turns::incrementAndGet, e -> { }).start();
        await("a turn").atMost(AWAIT).until(() -> turns.get() >= 1);

        periodic.close();

        int after = turns.get();
        await("no turn after close").during(Duration.ofMillis(200)).atMost(AWAIT).until(turns::get, n -> n == after);
    }
}
