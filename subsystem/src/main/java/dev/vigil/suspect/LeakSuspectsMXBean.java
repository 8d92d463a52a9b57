package dev.vigil.suspect;

/**
 * {@code vigil:type=LeakSuspects}: the leak suspects, as text and JSON (open types only, so JConsole and Jolokia need
 * no Vigil classes). Emits {@code vigil.leak-suspects} with the report's JSON as userData each time suspects are ranked.
 */
public interface LeakSuspectsMXBean {

    /** Ranks now against the baseline (a histogram of all objects, no forced collection) and returns the top suspects as text. */
    String suspects(int top);

    /** The last ranking (a watermark's action or someone's request) as text; empty before the first. */
    String getLastResult();

    /** The last ranking as JSON: cause, baseline, heap after GC and the suspects with their numbers; empty before the first. */
    String getLastResultJson();

    /** When the baseline was taken (ISO-8601), empty if none yet. */
    String getBaselineTime();

    /** Why the baseline was taken: boot, or a watermark's return to NORMAL. */
    String getBaselineState();
}
