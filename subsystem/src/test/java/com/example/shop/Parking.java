package com.example.shop;

import java.util.concurrent.CountDownLatch;

/**
 * Where the census tests' application threads wait. The tasks live in {@code com.example.shop} because the census
 * never names a class of Vigil's own packages (the tests' {@code dev.vigil.census} among them) as an origin.
 */
final class Parking {

    private Parking() {
    }

    /** Says the task runs, then waits until released or interrupted. */
    static void park(CountDownLatch running, CountDownLatch release) {
        running.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
