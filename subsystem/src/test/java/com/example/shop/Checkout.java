package com.example.shop;

import java.util.concurrent.CountDownLatch;

/** Application code for the census tests that hands out an anonymous task: {@code com.example.shop.Checkout$1}. */
public final class Checkout {

    private Checkout() {
    }

    public static Runnable task(CountDownLatch running, CountDownLatch release) {
        return new Runnable() {
            @Override
            public void run() {
                Parking.park(running, release);
            }
        };
    }
}
