package dev.vigil.dump;

import java.time.Duration;

/**
 * How each dump's report is made: in a child JVM after the dump, never in the server's.
 *
 * @param analyze whether each dump Vigil writes (and, at boot, a dump an OutOfMemoryError left) gets a report
 * @param maxHeap the child's heap (-Xmx), in bytes; the analysis waits for nothing: without that much memory available
 *                on the machine, the dump gets no report (and a log line saying so)
 * @param timeout how long the child may run before it is stopped
 */
public record AnalyzerSettings(boolean analyze, long maxHeap, Duration timeout) {

    public static final boolean DEFAULT_ANALYZE = true;
    /** Enough for a dump of about 1 GB (see docs/dump-report.md for the measured need). */
    public static final long DEFAULT_MAX_HEAP = 1536L * 1024 * 1024;
    public static final long DEFAULT_TIMEOUT_SECONDS = 600;
    public static final AnalyzerSettings DEFAULT = new AnalyzerSettings(DEFAULT_ANALYZE, DEFAULT_MAX_HEAP, Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS));
}
