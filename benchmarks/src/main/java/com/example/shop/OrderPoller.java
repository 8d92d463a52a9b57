package com.example.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for an application's own long-lived threads, for the thread-census benchmark: a poller parked waiting for
 * work, three frames of application code deep ({@link #run} → {@link #poll} → {@link InventoryClient#awaitReply}).
 * <p>
 * Outside {@code dev.vigil}: the census ignores Vigil's own packages, and an application's threads must resolve to an
 * origin of their own ({@code com.example.shop.OrderPoller}), so the benchmark can check that the census saw them all.
 */
public final class OrderPoller implements Runnable {

    private final InventoryClient client;

    private OrderPoller(InventoryClient client) {
        this.client = client;
    }

    @Override
    public void run() {
        poll();
    }

    private void poll() {
        client.awaitReply();
    }

    /**
     * Starts {@code count} pollers that stay parked until {@code release} opens; returns once every one of them is
     * parked ({@link Thread.State#WAITING}).
     */
    public static List<Thread> startPollers(int count, CountDownLatch release) throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(count);
        InventoryClient client = new InventoryClient(release, arrived);
        List<Thread> pollers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(new OrderPoller(client), "order-poller-" + i);
            thread.setDaemon(true);
            thread.start();
            pollers.add(thread);
        }
        arrived.await();
        for (Thread thread : pollers) {
            while (thread.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        return pollers;
    }
}
