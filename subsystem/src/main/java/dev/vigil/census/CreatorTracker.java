package dev.vigil.census;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Who started each thread: streams the JVM's {@code jdk.ThreadStart} events, whose stack is the one that called
 * {@code Thread.start()}, and keeps that stack's classes by thread id until the thread's {@code jdk.ThreadEnd} (or,
 * should that be missed, the next census) says it ended. The census names the creator from them with its ignored
 * packages of now, so new ignored packages apply to every thread.
 * <p>
 * Bounded: it keeps at most {@link #MAX_TRACKED} threads. Once full it refuses new starts (their creator is unknown)
 * and counts them ({@link #dropped()}), rather than evicting older ones: a leak is a pile of long-lived threads, so the
 * oldest entries are the evidence the census exists for, and churn must not push them out.
 * <p>
 * It also watches itself, since a server in memory trouble is where it matters most: an OutOfMemoryError can end its
 * stream (restarted at the next {@link #check}), and can end JFR's own "JFR Periodic Tasks" thread, after which JDK 17's
 * JFR delivers no more events to any stream. When a new thread's start does not arrive in time, a probe thread tells
 * whether events still come; if they do not, tracking is {@linkplain #lost() lost} until a later probe gets through.
 */
final class CreatorTracker implements AutoCloseable {

    /** Frames kept per start: the creator is near the top, right under Thread.start(). */
    static final int STACK_DEPTH = 32;

    /**
     * Threads whose start is kept at most: 4x a busy server's 4,096 live threads (8x origin-warning's default). With
     * class names shared an entry is about 200 bytes (2.5 KB before: see the README's "What a census costs"), so the
     * map stays below about 4 MB however many threads start; a JVM with more live threads than this has a problem the
     * census names by entry and deployment anyway.
     */
    static final int MAX_TRACKED = 16_384;

    /** Distinct class names kept to share among entries; past this the cache starts afresh (hidden classes have names of their own). */
    static final int MAX_NAMES = 8_192;

    /** How long starting a stream may take before Vigil goes on without waiting. */
    private static final long START_TIMEOUT_SECONDS = 10;

    /** What {@link #check} found. */
    enum Change {
        NONE,
        /** The stream had ended on its own ({@link #cause()}); a new one runs, and a probe checks that it gets events. */
        RESTARTED,
        /** A probe's start did not arrive in time: JFR delivers nothing; new threads' creators are unknown. */
        LOST,
        /** A probe's start arrived after a restart or a loss: creators are tracked again. */
        RECOVERED
    }

    /** What an ended stream leaves when it ended without an exception (JFR closed it, e.g. its files were removed). */
    static final Throwable ENDED_WITHOUT_ERROR = new IllegalStateException("it ended without an error; JFR ends a stream whose repository files were removed");

    static {
        ENDED_WITHOUT_ERROR.setStackTrace(new StackTraceElement[0]);
    }

    private final Map<Long, List<String>> startFrames = new ConcurrentHashMap<>();
    /**
     * One String per class name, shared by every entry: JFR hands out a new copy of each name with each event, and
     * 32 copies per start were nine tenths of an entry's size.
     */
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Supplier<RecordingStream> streams;
    private final long patienceNanos;
    private final int maxTracked;
    /** Starts not kept because the map was full; written by the stream's thread only. */
    private volatile long dropped;
    /** The stream running now; null once closed. A stream that ends while it is still the current one ended on its own. */
    private volatile RecordingStream stream;

    /** Set by the stream's thread when the stream ends and nobody closed it. */
    private volatile Throwable endedBy;
    private volatile long probeId = -1;
    /** The id of the last probe whose start arrived: compared with {@link #probeId}, so a late start of an older probe never counts for a newer one. */
    private volatile long probeSeenId = -1;
    private long probeStartedNanos;
    /**
     * When the last probe whose start arrived was started (System.nanoTime()), if one did: the stream is sorted by
     * time, so every start before that one has arrived by now or never will ({@link #passed}).
     */
    private long passedNanos;
    private boolean passedAny;
    /** A restart or a loss happened, and no probe got through since. */
    private boolean unsure;
    private boolean lost;
    private Throwable cause;

    /**
     * Tracks with a stream of {@code jdk.ThreadStart} with stacks and {@code jdk.ThreadEnd}, at most
     * {@link #MAX_TRACKED} threads, and waits {@code patience} for a probe's start.
     */
    CreatorTracker(Duration patience) {
        this(CreatorTracker::threadStarts, patience, MAX_TRACKED);
    }

    /**
     * For tests and the benchmark: streams of another making (one that enables no event never delivers a probe's
     * start; one without {@code jdk.ThreadEnd} forgets threads only at a census) and another bound.
     */
    CreatorTracker(Supplier<RecordingStream> streams, Duration patience, int maxTracked) {
        this.streams = streams;
        this.patienceNanos = patience.toNanos();
        this.maxTracked = maxTracked;
    }

    static RecordingStream threadStarts() {
        RecordingStream recording = new RecordingStream();
        recording.enable("jdk.ThreadStart").withStackTrace();
        recording.enable("jdk.ThreadEnd").withoutStackTrace();
        return recording;
    }

    /** Opens a stream, makes it the current one, and runs it. */
    void start() {
        RecordingStream recording = streams.get();
        recording.setMaxAge(Duration.ofSeconds(10));
        // Sorted by time: a start is written by the thread that called start(), the end by the thread itself, in
        // another buffer; unsorted, an end could come before its start, which would then be kept for a dead thread.
        recording.setOrdered(true);
        recording.setReuse(true); // each event is copied out at once
        recording.onEvent("jdk.ThreadEnd", event -> {
            RecordedThread ended = event.getThread("thread");
            if (ended != null) {
                startFrames.remove(ended.getJavaThreadId());
            }
        });
        recording.onEvent("jdk.ThreadStart", event -> {
            RecordedThread started = event.getThread("thread");
            if (started == null) {
                return;
            }
            if (started.getJavaThreadId() == probeId) {
                probeSeenId = started.getJavaThreadId();
            }
            if (event.getStackTrace() == null) {
                return;
            }
            if (startFrames.size() >= maxTracked) {
                dropped++; // refuse-new: the threads kept are older, and a leak's threads are old
                return;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                if (frames.size() == STACK_DEPTH) {
                    break;
                }
                if (frame.isJavaFrame()) {
                    frames.add(shared(frame.getMethod().getType().getName()));
                }
            }
            startFrames.put(started.getJavaThreadId(), List.copyOf(frames));
        });
        // Run on a thread of Vigil's, not startAsync()'s: an error that ends the stream is caught and kept here
        // (an assignment allocates nothing, which matters when the error is an OutOfMemoryError).
        Thread runner = new Thread(() -> {
            Throwable error = null;
            try {
                recording.start();
            } catch (Throwable t) {
                error = t;
            } finally {
                if (stream == recording) {
                    endedBy = error != null ? error : ENDED_WITHOUT_ERROR;
                }
            }
        }, "vigil-creator-tracker");
        runner.setDaemon(true);
        stream = recording;
        // start() starts the recording on the runner: wait for it, so that threads started after this call are tracked
        CountDownLatch running = new CountDownLatch(1);
        FlightRecorderListener started = new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording changed) {
                if (changed.getState() == RecordingState.RUNNING) {
                    running.countDown();
                }
            }
        };
        FlightRecorder.addListener(started);
        try {
            runner.start();
            running.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            FlightRecorder.removeListener(started);
        }
    }

    private String shared(String name) {
        String known = names.putIfAbsent(name, name);
        if (known != null) {
            return known;
        }
        if (names.size() > MAX_NAMES) {
            names.clear();
        }
        return name;
    }

    /**
     * Called by each census, under its lock: restarts an ended stream, and settles a probe. {@code overdue} says that
     * a new thread's start did not arrive within the patience, which starts a probe if none runs.
     */
    Change check(boolean overdue) {
        Throwable ended = endedBy;
        if (ended != null) {
            endedBy = null;
            cause = ended;
            RecordingStream old = stream;
            stream = null;
            closeQuietly(old);
            start();
            unsure = true;
            probe();
            return Change.RESTARTED;
        }
        if (probeId >= 0) {
            if (probeSeenId == probeId) {
                probeId = -1;
                passedNanos = probeStartedNanos;
                passedAny = true;
                if (unsure) {
                    unsure = false;
                    lost = false;
                    return Change.RECOVERED;
                }
            } else if (System.nanoTime() - probeStartedNanos > patienceNanos) {
                probeId = -1; // the next overdue thread probes again
                unsure = true;
                if (!lost) {
                    lost = true;
                    return Change.LOST;
                }
            }
            return Change.NONE;
        }
        if (overdue || lost) {
            probe();
        }
        return Change.NONE;
    }

    private void probe() {
        Thread probe = new Thread(() -> { }, "vigil-creator-probe");
        probeStartedNanos = System.nanoTime();
        probeId = probe.getId();
        probe.setDaemon(true);
        probe.start();
    }

    /**
     * True if the stream delivered the start of a probe started after {@code nanos} (System.nanoTime()): its events
     * are sorted by time, so a thread started before then whose start is not kept never had it kept (JFR dropped it,
     * or the tracker was full, or the stream was down) and will not get it, short of JFR delivering out of order.
     */
    boolean passed(long nanos) {
        return passedAny && passedNanos - nanos > 0;
    }

    /** True while JFR delivers no starts: the census then names new threads' creator unknown at once. */
    boolean lost() {
        return lost;
    }

    /** What ended the stream last (null if it never ended on its own). */
    Throwable cause() {
        return cause;
    }

    /** For tests: the stream now, as JFR would end it. */
    RecordingStream stream() {
        return stream;
    }

    /** The creator of a thread started since tracking began, as the resolver names it; null if its start is not known (yet). */
    String creatorOf(long threadId, OriginResolver resolver) {
        List<String> frames = startFrames.get(threadId);
        return frames != null ? resolver.creator(frames) : null;
    }

    /** Forgets threads that ended, so the map holds live threads only. */
    void retainOnly(Set<Long> live) {
        startFrames.keySet().retainAll(live);
    }

    /** Threads whose start is kept now: live threads (and, until the next census, any whose end was missed). */
    int tracked() {
        return startFrames.size();
    }

    /** Starts not kept since tracking began because {@link #MAX_TRACKED} threads were kept already. */
    long dropped() {
        return dropped;
    }

    int maxTracked() {
        return maxTracked;
    }

    @Override
    public void close() {
        RecordingStream old = stream;
        stream = null;
        closeQuietly(old);
        startFrames.clear();
        names.clear();
    }

    private static void closeQuietly(RecordingStream recording) {
        if (recording != null) {
            try {
                recording.close();
            } catch (RuntimeException e) {
                // already ended
            }
        }
    }
}
