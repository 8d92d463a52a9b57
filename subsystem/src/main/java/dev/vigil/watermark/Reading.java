package dev.vigil.watermark;

/** One measurement of a set of memory pools: bytes used of bytes allowed. */
public record Reading(long used, long max) {

    public double percent() {
        return max > 0 ? used * 100.0 / max : 0.0;
    }

    /** The percentage as Vigil shows it everywhere (jboss-cli, JMX, /metrics): one decimal, 71.4. */
    public double shownPercent() {
        return Math.round(percent() * 10) / 10.0;
    }
}
