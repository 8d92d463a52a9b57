package dev.vigil.suspect;

/**
 * How much growth since the baseline makes a suspect. A class that tracks a thread suspect's growth is one from
 * {@link #correlated} instances on, however small.
 *
 * @param threads    more threads of one origin
 * @param instances  more instances of one deployment or application class
 * @param bytes      more bytes of one deployment or application class, or of a JDK or server class when no
 *                   deployment or application class grew enough (the last resort: the dump must say who holds it)
 * @param correlated instances from which a class that tracks a thread suspect is reported with it
 */
public record Thresholds(int threads, long instances, long bytes, long correlated) {

    /** The defaults, documented in docs/leak-suspects.md: +50 threads, +5,000 instances, +8 MiB, +20 tracking. */
    public static final Thresholds DEFAULT = new Thresholds(50, 5_000, 8L * 1024 * 1024, 20);
}
