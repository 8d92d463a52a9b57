package dev.vigil.census;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jdk.jfr.consumer.RecordingStream;

import dev.vigil.census.CreatorTracker.Change;

/**
 * Creator tracking looks after itself, over the test JVM's real JFR: a stream that ends on its own (as an
 * OutOfMemoryError in its thread ends it) is started again, and a JFR that delivers no thread start (as after an
 * OutOfMemoryError ended JFR's own periodic thread) is found out by a probe and reported lost, not left to look fine.
 */
class CreatorTrackerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private final OriginResolver resolver = new OriginResolver(List.of("java.", "jdk."));
    private CreatorTracker tracker;

    @AfterEach
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    private static long startAThread() throws InterruptedException {
        Thread thread = new Thread(() -> { }, "creator-tracker-test");
        thread.start();
        thread.join();
        return thread.getId();
    }

    @Test
    void aStreamThatEndsOnItsOwnIsStartedAgainAndTracksCreatorsAgain() throws InterruptedException {
        tracker = new CreatorTracker(PATIENCE);
        tracker.start();
        long before = startAThread();
        await("the start of a thread before the end").atMost(AWAIT).until(() -> tracker.creatorOf(before, resolver) != null);

        tracker.stream().close(); // as JFR ends it

        await("restarted").atMost(AWAIT).until(() -> tracker.check(false), change -> change == Change.RESTARTED);
        assertEquals(CreatorTracker.ENDED_WITHOUT_ERROR, tracker.cause(), "the cause: ended without an error");
        await("recovered: the probe's start came").atMost(AWAIT).until(() -> tracker.check(false), change -> change == Change.RECOVERED);
        long after = startAThread();
        await("the start of a thread after the restart").atMost(AWAIT).until(() -> tracker.creatorOf(after, resolver) != null);
        assertFalse(tracker.lost(), "not lost");
    }

    @Test
    void aJfrThatDeliversNoStartIsFoundOutByAProbeAndReportedLostOnce() {
        tracker = new CreatorTracker(RecordingStream::new, Duration.ofMillis(300)); // a stream with no event enabled
        tracker.start();

        assertEquals(Change.NONE, tracker.check(true), "an overdue thread starts a probe");
        await("lost").atMost(AWAIT).until(() -> tracker.check(false), change -> change == Change.LOST);

        assertAll("after the loss",
                () -> assertTrue(tracker.lost(), "lost"),
                () -> assertNull(tracker.cause(), "no stream ended: JFR just delivered nothing"));
        // while lost, every check probes again, and a probe that fails again is not reported again
        for (int i = 0; i < 3; i++) {
            await("no second report").during(Duration.ofMillis(400)).atMost(AWAIT).until(() -> tracker.check(false), change -> change == Change.NONE);
        }
        assertTrue(tracker.lost(), "still lost");
    }

    @Test
    void aLostTrackerRecoversOnceStartsArriveAgain() throws InterruptedException {
        AtomicBoolean jfrWorks = new AtomicBoolean(false);
        tracker = new CreatorTracker(() -> jfrWorks.get() ? CreatorTracker.threadStarts() : new RecordingStream(), Duration.ofMillis(300));
        tracker.start();
        tracker.check(true);
        await("lost").atMost(AWAIT).until(() -> tracker.check(false), change -> change == Change.LOST);

        jfrWorks.set(true);
        tracker.stream().close();

        await("restarted").atMost(AWAIT).until(() -> tracker.check(false), change -> change == Change.RESTARTED);
        await("recovered").atMost(AWAIT).until(() -> tracker.check(false), change -> change == Change.RECOVERED);
        long after = startAThread();
        await("tracked again").atMost(AWAIT).until(() -> tracker.creatorOf(after, resolver) != null);
        assertFalse(tracker.lost(), "no longer lost");
    }

    @Test
    void closingTheTrackerIsNotMistakenForAStreamThatEnded() throws InterruptedException {
        tracker = new CreatorTracker(PATIENCE);
        tracker.start();
        RecordingStream stream = tracker.stream();
        assertNotNull(stream);

        tracker.close();
        stream.awaitTermination(Duration.ofSeconds(10));

        assertAll("after close",
                () -> assertEquals(Change.NONE, tracker.check(false), "no restart"),
                () -> assertNull(tracker.stream(), "no stream runs"),
                () -> assertNull(tracker.cause(), "no cause"));
    }
}
