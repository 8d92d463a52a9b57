package dev.vigil.action;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What Vigil does when a watermark enters WARNING or CRITICAL (attributes on-warning, on-critical) or an origin passes
 * the thread census's origin-warning (on-origin-warning). Every move and warning is always logged and sent as a JMX
 * notification; the actions come on top, run by an {@link ActionRunner}.
 */
public enum Action {
    /** Log and notify only, which every move does anyway: no further action. */
    NOTIFY("notify"),
    /** A class histogram: the top classes by bytes, logged, and written into the heap dump directory. */
    HISTOGRAM("histogram"),
    /** A heap dump, within the heap-dumps rules (one at a time, cooldown, disk check, max-dumps). */
    DUMP_HEAP("dump-heap"),
    /** A thread census now, logged in short and written into the heap dump directory (beside the dump, if one follows). */
    THREAD_CENSUS("thread-census"),
    /**
     * The leak suspects: thread origins and classes that grew most since the baseline, logged (top 3) and written
     * beside the dump ({@code NAME.suspects.txt}, the note's {@code suspects}).
     */
    LEAK_SUSPECTS("leak-suspects"),
    /**
     * Suspends the server as {@code :suspend} does, so that {@code /health/ready} answers 503 and load balancers drain
     * it while the heap is critical; resumed when the watermark is NORMAL again, if Vigil suspended it and no other
     * watermark still holds the suspension. For watermarks only: an origin warning has no end to resume at.
     */
    SUSPEND("suspend");

    private final String value;

    Action(String value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return value;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Action::toString).collect(Collectors.toUnmodifiableList());
    }

    /** The actions a cause without an end (an origin warning) may run: all but suspend, which waits for NORMAL. */
    public static List<String> namesWithoutEnd() {
        return Arrays.stream(values()).filter(action -> action != SUSPEND).map(Action::toString).collect(Collectors.toUnmodifiableList());
    }

    public static Action of(String value) {
        for (Action action : values()) {
            if (action.value.equals(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("action " + value + " is not allowed: allowed values are " + names());
    }
}
