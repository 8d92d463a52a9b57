package com.example.leaks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A fixed pool of 4 threads, each left with a ThreadLocal holding a byte[4 MiB] after its task returned. */
public final class ThreadLocalScenario {

    public static final int THREADS = 4;
    public static final int VALUE_BYTES = 4 << 20;

    static final ThreadLocal<byte[]> BUFFER = new ThreadLocal<>();

    /** The pool's threads, of their own class: an origin of their own (plain pool threads would join the JVM's). */
    static final class PoolThread extends Thread {
        PoolThread(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }

    public static void main(String[] args) throws Exception {
        int[] count = {0};
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> new PoolThread(r, "pool-" + count[0]++));
        CountDownLatch all = new CountDownLatch(THREADS);
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            tasks.add(pool.submit(() -> {
                BUFFER.set(new byte[VALUE_BYTES]);
                all.countDown();
                all.await(); // every thread of the pool takes one task
                return null;
            }));
        }
        for (Future<?> f : tasks) {
            f.get();
        }
        tasks.clear();
        SelfDump.dump(Path.of(args[0]));
        pool.shutdownNow();
    }
}
