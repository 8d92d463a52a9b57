package dev.vigil.evidence;

import java.time.Instant;
import java.util.Map;

/**
 * Every class of a class histogram by name, as the leak suspects compare two of them.
 *
 * @param live whether it counted live objects only (after a full collection) or all objects, garbage included
 */
public record HistogramSnapshot(Instant time, boolean live, Map<String, ClassCount> classes, long totalBytes) {

    public HistogramSnapshot {
        classes = Map.copyOf(classes);
    }

    /** The class's row, or a row of zeros when the histogram did not see it. */
    public ClassCount of(String className) {
        ClassCount count = classes.get(className);
        return count != null ? count : new ClassCount(className, 0, 0);
    }
}
