package dev.vigil.dump;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The heap-dumps configuration, resolved.
 *
 * @param directory      where dumps are written; created (owner-only) when missing
 * @param live           default for dumps: only reachable objects (a full GC first) or everything
 * @param compress       default for dumps: gzip ({@code .hprof.gz}) or raw ({@code .hprof})
 * @param maxDumps       dumps kept in the directory; the oldest are deleted once a new one is complete
 * @param cooldown       least time between two runs of one triggered action (dump-heap: from the dump's end; histogram,
 *                       thread-census: from their start); on-demand dumps are not held back
 * @param minInterval    least time from a manual dump's end to the next manual dump; zero: none
 * @param minFreeSpace   bytes that must stay free on the directory's disk after a dump
 * @param onOutOfMemory  whether the JVM's own HeapDumpOnOutOfMemoryError writes into the directory too
 * @param analyzer       how each dump's report is made
 */
public record HeapDumpSettings(Path directory, boolean live, boolean compress, int maxDumps, Duration cooldown, Duration minInterval,
                               long minFreeSpace, boolean onOutOfMemory, AnalyzerSettings analyzer) {

    public static final boolean DEFAULT_LIVE = true;
    public static final boolean DEFAULT_COMPRESS = false;
    public static final int DEFAULT_MAX_DUMPS = 3;
    public static final long DEFAULT_COOLDOWN_SECONDS = 1800;
    public static final long DEFAULT_MIN_INTERVAL_SECONDS = 10;
    public static final long DEFAULT_MIN_FREE_SPACE = 1024L * 1024 * 1024;
    public static final boolean DEFAULT_ON_OUT_OF_MEMORY = true;

    public HeapDumpSettings {
        directory = directory.toAbsolutePath().normalize();
    }

    /** With the analyzer's defaults. */
    public HeapDumpSettings(Path directory, boolean live, boolean compress, int maxDumps, Duration cooldown, Duration minInterval, long minFreeSpace,
            boolean onOutOfMemory) {
        this(directory, live, compress, maxDumps, cooldown, minInterval, minFreeSpace, onOutOfMemory, AnalyzerSettings.DEFAULT);
    }
}
