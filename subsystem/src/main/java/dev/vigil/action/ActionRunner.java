package dev.vigil.action;

/**
 * Runs the actions a cause configures, each by the capability that brings it (heap dumps: histogram and dump-heap; the
 * thread census: thread-census). Given to the capabilities that see causes; the subsystem's wiring implements it.
 */
@FunctionalInterface
public interface ActionRunner {

    /** Runs one action for the cause; {@link Action#NOTIFY} does nothing beyond the log line and the notification. */
    void run(Action action, ActionRequest request);

    /**
     * A cause is over: a watermark fell back (its request says where to, in {@code details.to}). No action runs; the
     * leak suspects take a new baseline when the heap is NORMAL again.
     */
    default void settled(ActionRequest request) {
    }
}
