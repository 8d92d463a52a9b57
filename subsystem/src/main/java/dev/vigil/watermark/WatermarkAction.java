package dev.vigil.watermark;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a watermark does when it enters WARNING or CRITICAL (attributes on-warning, on-critical).
 * Every move is always logged and sent as a JMX notification; the actions come on top. The capabilities that
 * bring actions (heap dumps: histogram, dump-heap; thread census: thread-census) give their {@link TransitionAction} in the
 * subsystem wiring. The thread census's origin warning runs the same actions.
 */
public enum WatermarkAction {
    /** Log and notify only, which every move does anyway: no further action. */
    NOTIFY("notify"),
    /** A class histogram: the top classes by bytes, logged, and written into the heap dump directory. */
    HISTOGRAM("histogram"),
    /** A heap dump, within the heap-dumps rules (one at a time, cooldown, disk check, max-dumps). */
    DUMP_HEAP("dump-heap"),
    /** A thread census now, logged in short and written into the heap dump directory (beside the dump, if one follows). */
    THREAD_CENSUS("thread-census");

    private final String value;

    WatermarkAction(String value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return value;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(WatermarkAction::toString).collect(Collectors.toUnmodifiableList());
    }

    public static WatermarkAction of(String value) {
        for (WatermarkAction action : values()) {
            if (action.value.equals(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("action " + value + " is not allowed: allowed values are " + names());
    }
}
