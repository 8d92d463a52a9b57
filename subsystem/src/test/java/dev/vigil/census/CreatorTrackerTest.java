package dev.vigil.census;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
    private final CountDownLatch endOfTest = new CountDownLatch(1);
    private CreatorTracker tracker;

    @AfterEach
    void close() {
        endOfTest.countDown();
        if (tracker != null) {
            tracker.close();
        }
    }

    /** A thread that lives until the test ends: the tracker forgets a thread at its end. */
    private long startAThread() throws InterruptedException {
        return startParked(endOfTest).getId();
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
        tracker = new CreatorTracker(RecordingStream::new, Duration.ofMillis(300), CreatorTracker.MAX_TRACKED); // a stream with no event enabled
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
        tracker = new CreatorTracker(() -> jfrWorks.get() ? CreatorTracker.threadStarts() : new RecordingStream(), Duration.ofMillis(300), CreatorTracker.MAX_TRACKED);
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

    /** Starts a daemon thread that waits for the release; returns once it runs. */
    private static Thread startParked(CountDownLatch release) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "creator-tracker-parked");
        thread.setDaemon(true);
        thread.start();
        running.await();
        return thread;
    }

    @Test
    void aThreadThatEndsIsForgottenAtItsEndWithoutACensus() throws InterruptedException {
        tracker = new CreatorTracker(PATIENCE);
        tracker.start();
        CountDownLatch release = new CountDownLatch(1);
        Thread thread = startParked(release);
        await("its start").atMost(AWAIT).until(() -> tracker.creatorOf(thread.getId(), resolver) != null);

        release.countDown();
        thread.join();

        // no census ran (retainOnly): only the thread's jdk.ThreadEnd can make the tracker forget it
        await("forgotten at its end").atMost(AWAIT).until(() -> tracker.creatorOf(thread.getId(), resolver) == null);
    }

    /**
     * A tracker kept to {@code bound} threads, full: one thread whose start it has, then twice the bound more live
     * threads, of which at least the bound were refused, whatever else this JVM started. The first is the list's first.
     */
    private List<Thread> fullTracker(int bound, CountDownLatch release) throws InterruptedException {
        tracker = new CreatorTracker(CreatorTracker::threadStarts, PATIENCE, bound);
        tracker.start();
        List<Thread> parked = new ArrayList<>();
        Thread first = startParked(release);
        parked.add(first);
        await("the first start").atMost(AWAIT).until(() -> tracker.creatorOf(first.getId(), resolver) != null);
        for (int i = 0; i < 2 * bound; i++) {
            parked.add(startParked(release));
        }
        await("refused starts counted").atMost(AWAIT).until(tracker::dropped, dropped -> dropped >= bound);
        return parked;
    }

    @Test
    void startsBeyondTheBoundAreRefusedAndCountedAndTheThreadsKeptStayKept() throws InterruptedException {
        Thread first = fullTracker(4, endOfTest).get(0);

        assertAll("full",
                () -> assertEquals(4, tracker.tracked(), "never more than the bound"),
                () -> assertNotNull(tracker.creatorOf(first.getId(), resolver), "refuse-new: the oldest thread keeps its creator"));
    }

    @Test
    void aFullTrackerTracksNewThreadsAgainOnceTrackedThreadsEnded() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> parked = fullTracker(4, release);
        release.countDown();
        for (Thread thread : parked) {
            thread.join();
        }
        await("room again").atMost(AWAIT).until(tracker::tracked, tracked -> tracked < 4);

        long later = startAThread();
        await("tracked again").atMost(AWAIT).until(() -> tracker.creatorOf(later, resolver) != null);
    }

    @Test
    void threadsStartedByOneClassShareOneCopyOfItsName() throws InterruptedException {
        tracker = new CreatorTracker(PATIENCE);
        tracker.start();
        long first = startAThread();
        long second = startAThread();
        await("both starts").atMost(AWAIT).until(() -> tracker.creatorOf(first, resolver) != null && tracker.creatorOf(second, resolver) != null);

        // JFR makes a new String of each frame's class name with each event: 32 copies a thread, unless shared
        assertTrue(tracker.creatorOf(first, resolver) == tracker.creatorOf(second, resolver), "one String for " + tracker.creatorOf(first, resolver));
    }

    @Test
    void aProbeWhoseStartArrivedShowsTheStreamPastEveryEarlierStartOnly() {
        tracker = new CreatorTracker(PATIENCE);
        tracker.start();
        long beforeTheProbe = System.nanoTime();
        assertFalse(tracker.passed(beforeTheProbe), "no probe yet: nothing shown");

        assertEquals(Change.NONE, tracker.check(true), "an overdue thread starts a probe");
        long afterTheProbe = System.nanoTime();
        await("the probe's start").atMost(AWAIT).until(() -> {
            tracker.check(false);
            return tracker.passed(beforeTheProbe);
        });
        assertFalse(tracker.passed(afterTheProbe), "a thread seen after the probe started is not passed");
    }
}
