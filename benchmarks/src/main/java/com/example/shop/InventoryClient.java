package com.example.shop;

import java.util.concurrent.CountDownLatch;

/** Where an {@link OrderPoller} parks: waiting for a reply that comes when the benchmark opens the latch. */
final class InventoryClient {

    private final CountDownLatch release;
    private final CountDownLatch arrived;

    InventoryClient(CountDownLatch release, CountDownLatch arrived) {
        this.release = release;
        this.arrived = arrived;
    }

    void awaitReply() {
        arrived.countDown();
        boolean interrupted = false;
        while (true) {
            try {
                release.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
