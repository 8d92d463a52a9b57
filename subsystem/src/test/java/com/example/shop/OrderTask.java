package com.example.shop;

import java.util.concurrent.CountDownLatch;

/** Application code for the census tests: a task that waits for orders until released. */
public final class OrderTask implements Runnable {

    private final CountDownLatch running;
    private final CountDownLatch release;

    public OrderTask(CountDownLatch running, CountDownLatch release) {
        this.running = running;
        this.release = release;
    }

    @Override
    public void run() {
        Parking.park(running, release);
    }
}
