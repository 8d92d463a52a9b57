package dev.vigil.dump;

import java.time.Instant;

/**
 * A file in the dump directory a client may ask for: a heap dump (one Vigil wrote, or the JVM's own after an
 * OutOfMemoryError), or a histogram or thread census taken without a dump.
 *
 * @param kind           {@code heap-dump}, {@code histogram} or {@code threads}
 * @param trigger        what caused it, read from the name: manual, a watermark move such as heap-critical, out-of-memory
 * @param started        when it started, from its metadata; else the file's time (when it was finished)
 * @param durationMillis how long it took, from its metadata; -1 if it has none (the JVM's own dump)
 * @param analysis       a heap dump's report: {@code done}, {@code queued}, {@code running}, {@code failed} (its
 *                       {@code NAME.analyzer.log} says why) or {@code none}; null for other kinds
 * @param report         the report's file ({@code NAME.report.html}) when done, else null
 * @param suspect        suspect 1's sentence from the report when done, else null
 */
public record DumpFile(String name, String kind, long sizeBytes, Instant modified, String trigger, Instant started, long durationMillis,
        String analysis, String report, String suspect) {

    /** The same file, its analysis as the running analyzer knows it (queued, running). */
    DumpFile analysis(String state) {
        return new DumpFile(name, kind, sizeBytes, modified, trigger, started, durationMillis, state, report, suspect);
    }
}
