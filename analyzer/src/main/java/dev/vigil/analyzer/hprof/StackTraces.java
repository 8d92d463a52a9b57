package dev.vigil.analyzer.hprof;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The dump's stack traces: for each trace serial, its frames' classes (Java names) and methods, top of the stack first. */
public final class StackTraces {

    /** One frame of a trace. */
    public record Frame(String className, String method) {
    }

    private final Map<Integer, List<Frame>> traces = new HashMap<>();

    void put(int serial, List<Frame> frames) {
        traces.put(serial, List.copyOf(frames));
    }

    /** The frames of trace {@code serial}, top first; empty if the dump has none. */
    public List<Frame> frames(int serial) {
        return traces.getOrDefault(serial, List.of());
    }
}
