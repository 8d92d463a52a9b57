package dev.vigil;

import java.util.function.Consumer;

/**
 * Runs one turn of a periodic task (a census, a guard check, a heap sample) so that no failure ends the task: a
 * {@code ScheduledExecutorService} silently cancels a task that throws. Errors are survived too, OutOfMemoryError
 * first: a server short of memory is exactly the one Vigil must keep watching, and the next turn usually has memory
 * again.
 */
public final class Periodic {

    private Periodic() {
    }

    /** Runs the turn; a failure goes to {@code failed} (whose own failure is dropped), and the task goes on. */
    public static void survive(Runnable turn, Consumer<Throwable> failed) {
        try {
            turn.run();
        } catch (Throwable t) { // NOPMD: see the class comment
            try {
                failed.accept(t);
            } catch (Throwable ignored) { // logging itself may find no memory
                // the next turn reports again
            }
        }
    }
}
