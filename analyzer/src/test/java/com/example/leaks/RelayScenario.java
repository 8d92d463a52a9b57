package com.example.leaks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Threads of an anonymous Runnable, each holding through a captured local an Envelope with an Object[] of byte[]
 * parts, blocked on a latch while the heap is dumped. Writes {@code NAME.tids} beside the dump: each thread's name and id.
 */
public final class RelayScenario {

    public static final int THREADS = 20;
    public static final int PARTS = 4;
    public static final int PART_BYTES = 256 * 1024;

    static final class Envelope {
        final Object[] parts;

        Envelope(Object[] parts) {
            this.parts = parts;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> relays = startRelays(ready, release);
        ready.await();
        List<String> tids = new ArrayList<>();
        for (Thread t : relays) {
            tids.add(t.getName() + "\t" + t.getId());
        }
        Files.write(Path.of(args[0] + ".tids"), tids);
        // main's frame holds a relay thread (and the list all of them): a live thread still counts for its own origin only
        Thread first = relays.get(0);
        SelfDump.dump(dump);
        release.countDown();
        first.join();
    }

    /** In its own frame, so main's frame keeps no envelope. */
    private static List<Thread> startRelays(CountDownLatch ready, CountDownLatch release) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Object[] parts = new Object[PARTS];
            for (int p = 0; p < PARTS; p++) {
                parts[p] = new byte[PART_BYTES];
            }
            final Envelope env = new Envelope(parts);
            Thread t = new Thread(new Runnable() {
                @Override
                public void run() {
                    ready.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (env.parts.length < 0) {
                        throw new IllegalStateException();
                    }
                }
            }, "relay-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return threads;
    }
}
