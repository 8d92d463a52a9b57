package com.example.shop;

/** An application task that a pool thread runs: the census must name it as the thread's entry. */
public final class SleepTask implements Runnable {

    @Override
    public void run() {
        Gate.await();
    }
}
