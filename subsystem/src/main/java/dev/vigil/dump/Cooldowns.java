package dev.vigil.dump;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When each action last ran, on a monotonic clock ({@link System#nanoTime()}): a wall clock stepped back (NTP, a VM
 * resumed) neither extends a wait nor ends it early. Plain Java: the dumper and the tests drive it alike.
 */
final class Cooldowns {

    private final LongSupplier nanoTime;
    private final Map<String, Long> lastRun = new ConcurrentHashMap<>();

    Cooldowns(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** How long {@code action} must still wait after its last run; zero if it may run now (or never ran). */
    Duration remaining(String action, Duration wait) {
        Long last = lastRun.get(action);
        if (last == null) {
            return Duration.ZERO;
        }
        long left = wait.toNanos() - (nanoTime.getAsLong() - last);
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Claims the action if its wait is over: returns zero and starts a new wait, else the time still to wait. */
    synchronized Duration claim(String action, Duration wait) {
        Duration left = remaining(action, wait);
        if (left.isZero()) {
            ran(action);
        }
        return left;
    }

    /** The action ran now: its wait starts again. */
    void ran(String action) {
        lastRun.put(action, nanoTime.getAsLong());
    }
}
