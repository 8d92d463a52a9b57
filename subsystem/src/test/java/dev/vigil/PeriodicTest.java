package dev.vigil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A periodic task's turn that fails, even with an Error, is reported and the task goes on. */
class PeriodicTest {

    @Test
    void anOutOfMemoryErrorIsReportedAndTheScheduledTaskKeepsRunning() throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger turns = new AtomicInteger();
        List<Throwable> reported = new ArrayList<>();
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");
        try {
            timer.scheduleWithFixedDelay(() -> Periodic.survive(() -> {
                if (turns.incrementAndGet() == 1) {
                    throw error;
                }
            }, reported::add), 0, 10, TimeUnit.MILLISECONDS);
            org.awaitility.Awaitility.await("turns after the error").until(() -> turns.get() >= 3);
        } finally {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertEquals(1, reported.size(), "reported once: " + reported);
        assertSame(error, reported.get(0));
    }

    @Test
    void aReportThatFailsItselfIsDropped() {
        Periodic.survive(() -> {
            throw new IllegalStateException("turn");
        }, e -> {
            throw new OutOfMemoryError("no memory to log");
        });
        // nothing escaped
    }
}
