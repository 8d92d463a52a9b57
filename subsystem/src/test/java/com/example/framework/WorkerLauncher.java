package com.example.framework;

/**
 * A framework's thread starter for the census tests: the frame right under {@code Thread.start()}, the creator unless
 * {@code com.example.framework} is an ignored package.
 */
public final class WorkerLauncher {

    private WorkerLauncher() {
    }

    public static Thread launch(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.start();
        return thread;
    }
}
