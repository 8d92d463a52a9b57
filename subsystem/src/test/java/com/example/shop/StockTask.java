package com.example.shop;

import java.util.concurrent.CountDownLatch;

/** Application code for the census tests: a second kind of task, so that origins can be told apart. */
public final class StockTask implements Runnable {

    private final CountDownLatch running;
    private final CountDownLatch release;

    public StockTask(CountDownLatch running, CountDownLatch release) {
        this.running = running;
        this.release = release;
    }

    @Override
    public void run() {
        Parking.park(running, release);
    }
}
