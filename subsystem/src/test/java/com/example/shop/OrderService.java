package com.example.shop;

import com.example.framework.WorkerLauncher;

/** Application code for the census tests that starts its threads through a framework: the creator under it. */
public final class OrderService {

    private OrderService() {
    }

    public static Thread startPoller(Runnable task, String name) {
        return WorkerLauncher.launch(task, name);
    }
}
