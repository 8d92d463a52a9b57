package dev.vigil.watermark;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import dev.vigil.periodic.Periodic;

/**
 * One watermark: judges the occupancy of a set of memory pools against a warning and a critical level and moves
 * between NORMAL, WARNING and CRITICAL with hysteresis. With {@link Measure#AFTER_GC} it is driven by the JVM's GC
 * notifications and runs no thread of its own; with {@link Measure#CURRENT} it samples once a second.
 * <p>
 * Every move is reported once to the listener, outside the watermark's lock.
 */
public final class HeapWatermark {

    /**
     * Percentage points usage must fall below a level before the watermark leaves it, so usage hovering at a level
     * does not flap between states.
     */
    public static final int HYSTERESIS = 5;

    static final long SAMPLE_PERIOD_MILLIS = 1000;

    /** GcInfo times count from here; read once rather than on every collection. */
    private static final long JVM_START_MILLIS = ManagementFactory.getRuntimeMXBean().getStartTime();

    private final String name;
    private final Consumer<Transition> listener;
    private final Clock clock;

    private WatermarkSettings settings;
    private MemoryPoolSet pools;
    private WatermarkState state = WatermarkState.NORMAL;
    private Reading lastReading;
    private long peakUsed = -1;
    private Instant peakTime;
    private long warningCrossings;
    private long criticalCrossings;
    private Transition lastCrossing;
    private Runnable unsubscribe;

    /**
     * @throws IllegalArgumentException if the settings name a pool this JVM lacks or one without a maximum
     */
    public HeapWatermark(String name, WatermarkSettings settings, Consumer<Transition> listener) {
        this(name, settings, listener, Clock.systemUTC());
    }

    HeapWatermark(String name, WatermarkSettings settings, Consumer<Transition> listener, Clock clock) {
        this.name = name;
        this.listener = listener;
        this.clock = clock;
        this.settings = settings;
        this.pools = MemoryPoolSet.resolve(settings.pools());
    }

    /** Starts watching: subscribes to GC notifications, or starts the sampler; judges the last collection's result at once. */
    public void start() {
        Transition transition;
        synchronized (this) {
            if (unsubscribe != null) {
                return;
            }
            unsubscribe = settings.measure() == Measure.AFTER_GC ? subscribeToCollections() : startSampler();
            Reading initial = settings.measure() == Measure.AFTER_GC ? pools.lastCollection() : pools.current();
            transition = initial != null ? judge(initial, "start", clock.instant()) : null;
        }
        publish(transition);
    }

    public void stop() {
        Runnable stop;
        synchronized (this) {
            stop = unsubscribe;
            unsubscribe = null;
        }
        if (stop != null) {
            stop.run();
        }
    }

    /**
     * Applies new settings to the running watermark, keeping its state, peak and counters, and judges the last
     * reading against the new levels.
     *
     * @throws IllegalArgumentException if the settings name a pool this JVM lacks; nothing changes then
     */
    public void reconfigure(WatermarkSettings newSettings) {
        MemoryPoolSet newPools = MemoryPoolSet.resolve(newSettings.pools());
        boolean running;
        synchronized (this) {
            running = unsubscribe != null;
        }
        if (running) {
            stop();
        }
        Transition transition = null;
        synchronized (this) {
            boolean poolsChanged = !newPools.names().equals(pools.names());
            this.settings = newSettings;
            this.pools = newPools;
            if (poolsChanged) {
                // The old peak and readings belong to other pools.
                lastReading = null;
                peakUsed = -1;
                peakTime = null;
            }
            if (lastReading != null) {
                transition = judge(lastReading, "reconfigured", clock.instant());
            }
        }
        publish(transition);
        if (running) {
            start();
        }
    }

    /**
     * Judges one reading; the heart of the watermark, fed by GC notifications, the sampler or tests.
     *
     * @param time when the reading was taken: for a collection, when it ended
     */
    void record(Reading reading, String cause, Instant time) {
        Transition transition;
        synchronized (this) {
            transition = judge(reading, cause, time);
        }
        publish(transition);
    }

    private Transition judge(Reading reading, String cause, Instant now) {
        lastReading = reading;
        if (reading.used() > peakUsed) {
            peakUsed = reading.used();
            peakTime = now;
        }
        WatermarkState next = next(state, reading.percent(), settings.warning(), settings.critical());
        if (next == state) {
            return null;
        }
        if (state == WatermarkState.NORMAL) {
            warningCrossings++;
        }
        if (next == WatermarkState.CRITICAL) {
            criticalCrossings++;
        }
        Transition transition = new Transition(name, state, next, reading, settings.warning(), settings.critical(),
                settings.measure(), pools.names(), now, cause);
        state = next;
        lastCrossing = transition;
        return transition;
    }

    /** The state usage moves to from the current one: levels are entered at their value and left 5 points below it. */
    static WatermarkState next(WatermarkState current, double percent, int warning, int critical) {
        if (percent >= critical || (current == WatermarkState.CRITICAL && percent >= critical - HYSTERESIS)) {
            return WatermarkState.CRITICAL;
        }
        if (percent >= warning || (current != WatermarkState.NORMAL && percent >= warning - HYSTERESIS)) {
            return WatermarkState.WARNING;
        }
        return WatermarkState.NORMAL;
    }

    private void publish(Transition transition) {
        if (transition != null) {
            listener.accept(transition);
        }
    }

    public synchronized void resetPeak() {
        Reading reading = lastReading != null ? lastReading : currentReading();
        peakUsed = reading.used();
        peakTime = clock.instant();
    }

    private Runnable subscribeToCollections() {
        NotificationListener onCollection = this::onCollection;
        NotificationFilter collectionsOnly = notification -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType());
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter) {
                NotificationEmitter emitter = (NotificationEmitter) collector;
                emitter.addNotificationListener(onCollection, collectionsOnly, null);
                emitters.add(emitter);
            }
        }
        return () -> {
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(onCollection, collectionsOnly, null);
                } catch (ListenerNotFoundException e) {
                    // already gone: nothing to undo
                }
            }
        };
    }

    private void onCollection(Notification notification, Object handback) {
        // On the JVM's notification thread: no failure may escape (an OutOfMemoryError there would stop the delivery
        // to the other listeners); the next collection reports again.
        Periodic.survive(() -> recordCollection(notification), e -> {
        });
    }

    private void recordCollection(Notification notification) {
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        MemoryPoolSet watched;
        synchronized (this) {
            watched = pools;
        }
        // GcInfo times are milliseconds since the JVM started: the move is dated when the collection ended, not when
        // its notification was delivered, which can be later.
        Instant ended = Instant.ofEpochMilli(JVM_START_MILLIS + info.getGcInfo().getEndTime());
        record(watched.afterGc(info.getGcInfo().getMemoryUsageAfterGc()), info.getGcName() + " (" + info.getGcCause() + ")", ended);
    }

    private Runnable startSampler() {
        Periodic sampler = new Periodic("vigil-watermark-" + name + "-sampler", Duration.ofMillis(SAMPLE_PERIOD_MILLIS),
                () -> record(currentReading(), "sample", clock.instant()), e -> {
                    // the next sample comes in SAMPLE_PERIOD_MILLIS
                }).start();
        return sampler::close;
    }

    // ---- what the watermark reports ----

    public String name() {
        return name;
    }

    public synchronized WatermarkSettings settings() {
        return settings;
    }

    public synchronized WatermarkState state() {
        return state;
    }

    /** The pools' usage at this moment, garbage included. */
    public synchronized Reading currentReading() {
        return pools.current();
    }

    /** Bytes used right after the last collection, whatever the measure; -1 before the first one. */
    public synchronized long afterGcUsed() {
        if (settings.measure() == Measure.AFTER_GC && lastReading != null) {
            return lastReading.used();
        }
        Reading reading = pools.lastCollection();
        return reading != null ? reading.used() : -1;
    }

    /** The percentage the state is judged on, as shown (one decimal). */
    public synchronized double usagePercent() {
        return lastReading != null ? lastReading.shownPercent() : 0.0;
    }

    public synchronized long peakUsed() {
        return Math.max(peakUsed, 0);
    }

    public synchronized Instant peakTime() {
        return peakTime;
    }

    public synchronized long warningCrossings() {
        return warningCrossings;
    }

    public synchronized long criticalCrossings() {
        return criticalCrossings;
    }

    public synchronized Transition lastCrossing() {
        return lastCrossing;
    }

    public synchronized String describePools() {
        return pools.describe();
    }

    public synchronized long max() {
        return pools.max();
    }
}
