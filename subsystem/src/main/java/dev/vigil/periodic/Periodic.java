package dev.vigil.periodic;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A task that runs every interval on a daemon thread of its own (a census, the guard's checks, a watermark's samples),
 * and that nothing ends but {@link #close()}. Failures are survived, errors included, OutOfMemoryError first: a server
 * short of memory is exactly the one Vigil must keep watching, and the next turn usually has memory again.
 * <p>
 * A plain loop, not a {@code ScheduledExecutorService}: an executor cancels a periodic task that throws, and an
 * OutOfMemoryError in its own bookkeeping (queueing the next run) loses the task silently. That happened here: after
 * an OutOfMemoryError the census executor's new worker waited on an empty queue. This loop allocates nothing between
 * turns.
 */
public final class Periodic implements AutoCloseable {

    private final Runnable turn;
    private final Consumer<Throwable> failed;
    private final Thread thread;
    private volatile long intervalNanos;
    private volatile boolean running = true;
    /** Bumped by {@link #interval(Duration)}: the wait starts over with the new interval. */
    private volatile int generation;

    /**
     * @param name     the thread's name
     * @param interval the time between the end of one turn and the start of the next
     * @param turn     what to do each time
     * @param failed   hears a turn's failure (its own failure is dropped); the next turn runs anyway
     */
    public Periodic(String name, Duration interval, Runnable turn, Consumer<Throwable> failed) {
        this.turn = turn;
        this.failed = failed;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    /** Starts the thread: the first turn comes one interval from now. */
    public Periodic start() {
        thread.start();
        return this;
    }

    /** A new interval; the next turn comes one new interval from now. */
    public void interval(Duration interval) {
        intervalNanos = interval.toNanos();
        generation++;
        LockSupport.unpark(thread);
    }

    /** Stops the thread, waiting a little for a turn in progress to end. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (running) {
            try {
                if (waitInterval()) {
                    survive(turn, failed);
                }
            } catch (Throwable t) { // NOPMD: see the class comment; the loop goes on
                // nothing to do: the next turn reports its own failure
            }
        }
    }

    /** Waits one interval (started over when it changes); false if stopped meanwhile. */
    private boolean waitInterval() {
        int waitingFor = generation;
        long deadline = System.nanoTime() + intervalNanos;
        while (running) {
            if (generation != waitingFor) {
                waitingFor = generation;
                deadline = System.nanoTime() + intervalNanos;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, left);
        }
        return false;
    }

    /** Runs one turn; a failure goes to {@code failed} (whose own failure is dropped). */
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
