package dev.vigil.census;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Who started each thread: streams the JVM's {@code jdk.ThreadStart} events, whose stack is the one that called
 * {@code Thread.start()}, and keeps that stack's classes by thread id until the census says the thread ended. The
 * census names the creator from them with its ignored packages of now, so new ignored packages apply to every thread.
 */
final class CreatorTracker implements AutoCloseable {

    /** Frames kept per start: the creator is near the top, right under Thread.start(). */
    static final int STACK_DEPTH = 32;

    private final Map<Long, List<String>> startFrames = new ConcurrentHashMap<>();
    private RecordingStream stream;

    void start() {
        RecordingStream recording = new RecordingStream();
        recording.enable("jdk.ThreadStart").withStackTrace();
        recording.setMaxAge(Duration.ofSeconds(10));
        recording.setOrdered(false); // starts are keyed by thread id: no need to sort them by time first
        recording.setReuse(true); // each event is copied out at once
        recording.onEvent("jdk.ThreadStart", event -> {
            RecordedThread started = event.getThread("thread");
            if (started == null || event.getStackTrace() == null) {
                return;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                if (frames.size() == STACK_DEPTH) {
                    break;
                }
                if (frame.isJavaFrame()) {
                    frames.add(frame.getMethod().getType().getName());
                }
            }
            startFrames.put(started.getJavaThreadId(), List.copyOf(frames));
        });
        recording.startAsync();
        stream = recording;
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

    int tracked() {
        return startFrames.size();
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
        startFrames.clear();
    }
}
