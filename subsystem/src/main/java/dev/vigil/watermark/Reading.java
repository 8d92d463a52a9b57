package dev.vigil.watermark;

/**
 * One measurement of a set of memory pools: bytes used of bytes allowed, and the percentage judged. For the heap
 * measures the percentage is used of max; for {@code measure=gc-overhead} it is the share of time in GC pauses, while
 * used and max stay the pools' numbers after the last collection.
 */
public record Reading(long used, long max, double percent) {

    public Reading(long used, long max) {
        this(used, max, max > 0 ? used * 100.0 / max : 0.0);
    }

    /** The percentage as Vigil shows it everywhere (jboss-cli, JMX, /metrics): one decimal, 71.4. */
    public double shownPercent() {
        return Math.round(percent() * 10) / 10.0;
    }
}
