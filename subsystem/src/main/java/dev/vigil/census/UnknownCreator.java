package dev.vigil.census;

/**
 * Why a live thread has no creator, as {@code unknown-creators} counts it; and {@link #LATE}, the threads that had
 * none for longer than the patience and were named by a start that arrived late.
 */
enum UnknownCreator {
    /** creator-tracking=false: no start is recorded. */
    TRACKING_OFF("tracking-off"),
    /** Alive before tracking began (the server's threads at boot, every thread started before a :reload). */
    STARTED_BEFORE_TRACKING("started-before-tracking"),
    /**
     * No start arrived, and none will: a probe thread started after the patience had its start delivered first (the
     * stream is sorted by time), or JFR delivers no start at all ({@code creator-tracking-state} {@code lost}). JFR
     * dropped it, the tracker was full ({@code creator-starts-dropped}) or its stream was down. Still named if the
     * start arrives after all.
     */
    EVENT_LOST("event-lost"),
    /** No start arrived yet and the stream has not been shown past it: the census waits. */
    PENDING("pending"),
    /** Not unknown any more: named by a start that arrived after the patience. */
    LATE("late");

    private final String label;

    UnknownCreator(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
