package dev.vigil.watermark;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** What a watermark judges: what is left after each garbage collection, or the usage of the moment. */
public enum Measure {
    /** Usage right after each collection, from the JVM's GC notifications: what the application really holds. */
    AFTER_GC("after-gc", "after GC"),
    /** Usage sampled once a second, garbage included. */
    CURRENT("current", "now"),
    /**
     * The share of wall time spent in GC pauses over gc-window, from the GC notifications' durations: the collector
     * working ever harder to find room. used, max and after-gc-used stay the pools' numbers.
     */
    GC_OVERHEAD("gc-overhead", "in GC pauses");

    private final String value;
    private final String phrase;

    Measure(String value, String phrase) {
        this.value = value;
        this.phrase = phrase;
    }

    /** The name used in standalone.xml and jboss-cli. */
    @Override
    public String toString() {
        return value;
    }

    /** How log messages say it: "used after GC", "used now". */
    public String phrase() {
        return phrase;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Measure::toString).collect(Collectors.toUnmodifiableList());
    }

    public static Measure of(String value) {
        for (Measure measure : values()) {
            if (measure.value.equals(value)) {
                return measure;
            }
        }
        throw new IllegalArgumentException("measure=" + value + " is not allowed: allowed values are " + names());
    }
}
