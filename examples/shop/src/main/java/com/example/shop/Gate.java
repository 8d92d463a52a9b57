package com.example.shop;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Where shop.war's threads wait until {@code bot_api.jsp?release} (or a test) opens it; at most five minutes, so none outlives a demo or a test run for long. */
public final class Gate {

    private static volatile CountDownLatch latch = new CountDownLatch(1);

    public static void await() {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets every waiting thread end; threads started afterwards wait on a new gate. */
    public static synchronized void open() {
        CountDownLatch open = latch;
        latch = new CountDownLatch(1);
        open.countDown();
    }

    private Gate() {
    }
}
