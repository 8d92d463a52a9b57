package com.example.shop;

/**
 * A stand-in for application code that starts short-lived threads, for the thread-census benchmark: the frame right
 * under {@code Thread.start()} is this class, so creator tracking names {@code com.example.shop.TaskLauncher}.
 */
public final class TaskLauncher {

    private static final Runnable NOTHING = () -> { };

    private TaskLauncher() {
    }

    /** Starts {@code count} threads that do nothing, {@code batch} at a time, joining each batch; returns the elapsed nanoseconds. */
    public static long launch(int count, int batch) throws InterruptedException {
        Thread[] threads = new Thread[batch];
        long start = System.nanoTime();
        for (int done = 0; done < count; ) {
            int n = Math.min(batch, count - done);
            for (int i = 0; i < n; i++) {
                threads[i] = new Thread(NOTHING);
                threads[i].start();
            }
            for (int i = 0; i < n; i++) {
                threads[i].join();
                threads[i] = null;
            }
            done += n;
        }
        return System.nanoTime() - start;
    }

    /**
     * Starts {@code count} threads that do nothing from {@code depth} frames of this class deep (a server's start is
     * deep too), without waiting for them; adds them to {@code started}.
     */
    public static void startDeep(int count, int depth, java.util.List<Thread> started) {
        if (depth > 0) {
            startDeep(count, depth - 1, started);
            return;
        }
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(NOTHING);
            thread.start();
            started.add(thread);
        }
    }
}
