package dev.vigil.watermark;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

import dev.vigil.periodic.Periodic;

/**
 * One watermark: judges the occupancy of a set of memory pools against a warning and a critical level and moves
 * between NORMAL, WARNING and CRITICAL with hysteresis. With {@link Measure#AFTER_GC} it is driven by the JVM's GC
 * notifications; with {@link Measure#CURRENT} by a sample once a second.
 * <p>
 * Every reading is an upper bound of what the application holds: after a young or mixed collection the old generation
 * still holds garbage that only a later cycle frees (a busy server that is not leaking reads 70-90 % after young
 * collections and 55 % after a full one). So the two directions need different proof (see {@link Evidence}):
 * <ul>
 * <li>a <b>fall</b> needs one reading below the level's exit point: any collection, or, while in WARNING or CRITICAL,
 * the usage of the moment (garbage included) sampled once a second, which also catches G1's concurrent cycle freeing
 * the old generation without a notification;</li>
 * <li>a <b>rise</b> on partial readings needs the level to <b>hold</b>: every reading for {@link #HOLD} and at least
 * {@link #HOLD_READINGS} readings at or above it; a full collection shows the truth and moves at once, and a full
 * collection the JVM had to run for room (its last resort before OutOfMemoryError) means CRITICAL.</li>
 * </ul>
 * Every move is reported once to the listener, outside the watermark's lock.
 * <p>
 * The JVM delivers GC notifications to its listeners one after the other and stops at the first that throws: a listener
 * registered before Vigil's that fails on every collection (WildFly 39's micrometer without {@code com.sun.management},
 * see docs/querying.md) would silence the watermark. So the sampler also reads each collector's last collection once
 * a second; one it saw a second ago and no notification has brought since is judged from the collector's own
 * {@link GcInfo}, and the gap is reported once per collector after {@link #MISSES_REPORTED} such polls.
 */
public final class HeapWatermark {

    /**
     * Percentage points usage must fall below a level before the watermark leaves it, so usage hovering at a level
     * does not flap between states.
     */
    public static final int HYSTERESIS = 5;

    static final long SAMPLE_PERIOD_MILLIS = 1000;

    /**
     * How long partial readings must stay at or above a level before the watermark enters it. Measured on a 256 MB G1
     * heap with a 110 MB cache replaced at 100 MB/s: young collections read 66-97 % in a saw-tooth of about a second,
     * so 5 s spans several of G1's mixed cycles; a steady leak loses 5 s, a sudden one is caught by the JVM's full
     * collection.
     */
    public static final Duration HOLD = Duration.ofSeconds(5);

    /** How many readings at least must hold a level, so that a server with rare collections is not judged on one. */
    public static final int HOLD_READINGS = 3;

    /**
     * How long a full collection's reading outvotes young collections that read more. A server whose G1 runs out of
     * room every few seconds (a 110 MB cache replaced at 100 MB/s on 256 MB) reads 55-62 % after each full collection
     * and 75-99 % after the young ones between them: the full ones tell what is live.
     */
    public static final Duration FULL_OUTVOTES = Duration.ofSeconds(60);

    /** Polls that found a collection without its notification before the collector's gap is reported (one can be late). */
    static final int MISSES_REPORTED = 3;

    /** The JVM's collectors, the same for its whole life. */
    private static final List<GarbageCollectorMXBean> COLLECTORS =
            ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class);

    /** GcInfo times count from here; read once rather than on every collection. */
    private static final long JVM_START_MILLIS = ManagementFactory.getRuntimeMXBean().getStartTime();

    private final String name;
    private final Consumer<Transition> listener;
    /** Told a collector's name once its notifications are found missing. */
    private final Consumer<String> notificationsMissing;
    private final Clock clock;
    private final LongSupplier nanoTime;

    private WatermarkSettings settings;
    private MemoryPoolSet pools;
    private WatermarkState state = WatermarkState.NORMAL;
    /** When the watermark entered its state (its start for the first NORMAL): how long a CRITICAL has lasted, for the health check. */
    private Instant stateSince;
    /** The reading the state is judged on: usage-percent. */
    private Reading lastReading;
    /** The last collection's reading (measure after-gc): after-gc-used. */
    private Reading lastCollection;
    /** The last collection's reading of the pools, whatever the measure: gc-overhead's used and max. */
    private Reading lastAfterGc;
    /** A rise that partial readings point to and that has not held long enough yet; null if none. */
    private Pending pending;
    /**
     * The percentage of the full collection for room that made the watermark CRITICAL, or -1: bytes that read below
     * the critical level did not stop the JVM from running out of room, so only a reading 5 points below that one
     * proves the heap has room again.
     */
    private double roomPercent = -1;
    /** The last full collection's percentage and when it came (monotonic); NaN before the first. */
    private double fullPercent = Double.NaN;
    private long fullNanos;
    private long peakUsed = -1;
    private Instant peakTime;
    private long warningCrossings;
    private long criticalCrossings;
    private Transition lastCrossing;
    private Runnable unsubscribe;
    /** The floor of the after-GC readings over trend-window: growth-rate, time-to-full and warn-within. */
    private TrendForecast trend;
    /** Time in GC pauses over gc-window: measure=gc-overhead. */
    private GcOverhead overhead;
    /** Per collector, the id of the last collection judged, whether its notification or the sampler brought it. */
    private final Map<String, Long> judgedIds = new HashMap<>();
    /** Per collector, the id of its last collection when the sampler last looked. */
    private final Map<String, Long> polledIds = new HashMap<>();
    /** Per collector, how many polls found a collection without its notification since the last notification came. */
    private final Map<String, Integer> misses = new HashMap<>();
    private long collectionsWithoutNotification;

    /**
     * @throws IllegalArgumentException if the settings name a pool this JVM lacks or one without a maximum
     */
    public HeapWatermark(String name, WatermarkSettings settings, Consumer<Transition> listener) {
        this(name, settings, listener, collector -> {
        });
    }

    /**
     * @param notificationsMissing told, once per collector, that its GC notifications do not reach the watermark and
     *        the sampler reads its collections instead
     * @throws IllegalArgumentException if the settings name a pool this JVM lacks or one without a maximum
     */
    public HeapWatermark(String name, WatermarkSettings settings, Consumer<Transition> listener, Consumer<String> notificationsMissing) {
        this(name, settings, listener, notificationsMissing, Clock.systemUTC(), System::nanoTime);
    }

    /** @param nanoTime the monotonic clock holds are timed with; {@code clock} only dates moves and peaks */
    HeapWatermark(String name, WatermarkSettings settings, Consumer<Transition> listener, Clock clock, LongSupplier nanoTime) {
        this(name, settings, listener, collector -> {
        }, clock, nanoTime);
    }

    private HeapWatermark(String name, WatermarkSettings settings, Consumer<Transition> listener, Consumer<String> notificationsMissing,
            Clock clock, LongSupplier nanoTime) {
        this.name = name;
        this.listener = listener;
        this.notificationsMissing = notificationsMissing;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.settings = settings;
        this.stateSince = clock.instant();
        this.pools = MemoryPoolSet.resolve(settings.pools());
        this.trend = new TrendForecast(settings.trendWindow());
        this.overhead = new GcOverhead(settings.gcWindow());
    }

    /** Starts watching: subscribes to GC notifications, or starts the sampler; judges the last collection's result at once. */
    public void start() {
        Transition transition;
        synchronized (this) {
            if (unsubscribe != null) {
                return;
            }
            judgedIds.clear();
            polledIds.clear();
            for (GarbageCollectorMXBean collector : COLLECTORS) {
                GcInfo last = collector.getLastGcInfo(); // collections before the start are in the pools' reading below
                judgedIds.put(collector.getName(), last != null ? last.getId() : 0L);
            }
            Runnable sampler = startSampler();
            // Every measure listens to collections: they feed the forecast, and gc-overhead's pauses.
            Runnable collections = subscribeToCollections();
            unsubscribe = () -> {
                collections.run();
                sampler.run();
            };
            Reading initial = settings.measure() == Measure.AFTER_GC ? pools.lastCollection()
                    : settings.measure() == Measure.GC_OVERHEAD ? overheadReading() : pools.current();
            transition = initial != null ? judge(initial, Evidence.SETTLED, "start", clock.instant()) : null;
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
            if (poolsChanged || !newSettings.trendWindow().equals(settings.trendWindow())) {
                trend = new TrendForecast(newSettings.trendWindow()); // its intervals are cut from the window
            }
            if (!newSettings.gcWindow().equals(settings.gcWindow())) {
                overhead = new GcOverhead(newSettings.gcWindow());
            }
            boolean measureChanged = newSettings.measure() != settings.measure();
            this.settings = newSettings;
            this.pools = newPools;
            pending = null; // a hold is judged against the levels it started under
            roomPercent = -1;
            if (measureChanged && newSettings.measure() == Measure.GC_OVERHEAD) {
                lastReading = overheadReading();
            } else if (measureChanged && lastReading != null) {
                // a percentage of time is no percentage of the heap, nor the other way round
                lastReading = lastAfterGc != null ? lastAfterGc : pools.lastCollection();
                lastCollection = lastReading;
            }
            if (poolsChanged) {
                // The old peak and readings belong to other pools.
                lastReading = null;
                lastCollection = null;
                lastAfterGc = null;
                peakUsed = -1;
                peakTime = null;
            }
            if (lastReading != null) {
                transition = judge(lastReading, Evidence.SETTLED, "reconfigured", clock.instant());
            }
        }
        publish(transition);
        if (running) {
            start();
        }
    }

    /**
     * What a reading can prove. Every reading is an upper bound of what the application holds; they differ in how
     * close to it they come.
     */
    enum Evidence {
        /** A young or mixed collection: the old generation still holds garbage. A rise on it must hold. */
        COLLECTION,
        /** A full collection someone asked for (System.gc(), a histogram, a dump): what is live. Judged at once. */
        FULL_COLLECTION,
        /**
         * A full collection the JVM ran by itself because it found no room: its last resort before OutOfMemoryError.
         * Judged at once; CRITICAL if it leaves usage near the warning level or above, whatever region waste makes
         * the bytes read.
         */
        FULL_COLLECTION_WITHOUT_ROOM,
        /** Usage of the moment, garbage included: the measure itself for measure=current; only proves falls for after-gc. */
        SAMPLE,
        /** A reading already judged, against new levels or at start: at once. */
        SETTLED;

        boolean full() {
            return this == FULL_COLLECTION || this == FULL_COLLECTION_WITHOUT_ROOM || this == SETTLED;
        }
    }

    /** A rise partial readings point to: the lowest level they all reached, since when, over how many readings. */
    private record Pending(WatermarkState level, long sinceNanos, int readings, Reading lowest, String cause) {

        Pending with(WatermarkState instant, Reading reading, String readingCause) {
            boolean lower = reading.used() < lowest.used();
            return new Pending(instant.compareTo(level) < 0 ? instant : level, sinceNanos, readings + 1, lower ? reading : lowest,
                    lower ? readingCause : cause);
        }

        boolean held(long nowNanos) {
            return readings >= HOLD_READINGS && nowNanos - sinceNanos >= HOLD.toNanos();
        }
    }

    /** Judges a reading at once, as a full collection would be: for tests that feed readings. */
    void record(Reading reading, String cause, Instant time) {
        record(reading, Evidence.FULL_COLLECTION, cause, time);
    }

    /**
     * Judges one reading; the heart of the watermark, fed by GC notifications, the sampler or tests.
     *
     * @param time when the reading was taken: for a collection, when it ended
     */
    void record(Reading reading, Evidence evidence, String cause, Instant time) {
        Transition transition;
        synchronized (this) {
            transition = judge(reading, evidence, cause, time);
        }
        publish(transition);
    }

    /** The sampler's turn: usage now proves a fall (after-gc) or is the measure (current); a held rise is confirmed. */
    void sample() {
        pollCollections();
        Transition transition = null;
        synchronized (this) {
            if (settings.measure() == Measure.GC_OVERHEAD) {
                // The share of time falls while no collection comes: judged every second, both ways.
                transition = judge(overheadReading(), Evidence.SETTLED, overheadCause(), clock.instant());
            } else if (settings.measure() == Measure.CURRENT || state != WatermarkState.NORMAL) {
                transition = judge(pools.current(), Evidence.SAMPLE, "sample", clock.instant());
            }
            if (transition == null) {
                transition = confirmIfHeld(clock.instant());
            }
        }
        publish(transition);
    }

    private Transition judge(Reading reading, Evidence evidence, String cause, Instant now) {
        boolean measured = settings.measure() == Measure.CURRENT || evidence != Evidence.SAMPLE;
        WatermarkState instant = next(state, reading.percent(), settings.warning(), settings.critical());
        if (measured) {
            lastReading = reading;
            if (evidence != Evidence.SAMPLE) {
                lastCollection = reading;
            }
            if (reading.used() > peakUsed) {
                peakUsed = reading.used();
                peakTime = now;
            }
        }
        if (evidence == Evidence.FULL_COLLECTION || evidence == Evidence.FULL_COLLECTION_WITHOUT_ROOM) {
            fullPercent = reading.percent();
            fullNanos = nanoTime.getAsLong();
        }
        if (evidence == Evidence.FULL_COLLECTION_WITHOUT_ROOM && reading.percent() >= settings.warning() - HYSTERESIS) {
            // G1 ran out of free regions: the heap is full in the sense that leads to OutOfMemoryError, even where
            // region waste makes the bytes read 75 % (256 KB arrays in 1 MB regions).
            pending = null;
            Transition transition = move(WatermarkState.CRITICAL, reading, now, cause + ": the JVM had to collect the whole heap to find room");
            roomPercent = reading.percent();
            return transition;
        }
        if (roomPercent >= 0 && reading.percent() >= roomPercent - HYSTERESIS) {
            return null; // still as full as when the JVM found no room
        }
        String forecastCause = null;
        if (instant == WatermarkState.NORMAL) {
            Forecast forecast = forecastWarns();
            if (forecast != null) {
                // The floor rises fast enough to be full within warn-within: WARNING under the level, until it no longer does.
                instant = WatermarkState.WARNING;
                forecastCause = "forecast: full in about " + Forecast.aboutTime(forecast.secondsToFull(nanoTime.getAsLong()));
            }
        }
        if (instant.compareTo(state) < 0) {
            // Below the exit point: what is held is below it too, whatever kind of reading says so.
            lastReading = reading;
            pending = null;
            return move(instant, reading, now, evidence == Evidence.SAMPLE && settings.measure() == Measure.AFTER_GC
                    ? "sample (usage now, garbage included)" : cause);
        }
        if (!measured) {
            return null; // usage now, garbage included, never proves a rise of an after-gc watermark
        }
        if (instant == state) {
            pending = null; // a reading within the current state breaks a hold
            return null;
        }
        if (forecastCause != null) {
            pending = null; // the forecast is over a whole window already: no hold
            return move(instant, reading, now, forecastCause);
        }
        if (evidence.full()) {
            pending = null;
            return move(instant, reading, now, cause);
        }
        WatermarkState allowed = allowedByFullCollection(instant);
        if (allowed.compareTo(state) <= 0) {
            pending = null;
            return null;
        }
        instant = allowed;
        pending = pending == null ? new Pending(instant, nanoTime.getAsLong(), 1, reading, cause) : pending.with(instant, reading, cause);
        return confirmIfHeld(now);
    }

    /** The level partial readings may raise the watermark to: no higher than a full collection within {@link #FULL_OUTVOTES} read. */
    private WatermarkState allowedByFullCollection(WatermarkState level) {
        if (Double.isNaN(fullPercent) || nanoTime.getAsLong() - fullNanos >= FULL_OUTVOTES.toNanos()) {
            return level;
        }
        WatermarkState full = next(WatermarkState.NORMAL, fullPercent, settings.warning(), settings.critical());
        return full.compareTo(level) < 0 ? full : level;
    }

    /** Enters the level a pending rise held for {@link #HOLD}; null if none has. */
    private Transition confirmIfHeld(Instant now) {
        if (pending == null || !pending.held(nanoTime.getAsLong())) {
            return null;
        }
        Pending held = pending;
        pending = null;
        long seconds = Duration.ofNanos(nanoTime.getAsLong() - held.sinceNanos()).toSeconds();
        return move(held.level(), held.lowest(), now, held.cause() + ", held " + seconds + " s over " + held.readings() + " readings");
    }

    private Transition move(WatermarkState next, Reading reading, Instant now, String cause) {
        if (next == state) {
            return null;
        }
        if (state == WatermarkState.NORMAL) {
            warningCrossings++;
        }
        if (next == WatermarkState.CRITICAL) {
            criticalCrossings++;
        }
        long nowNanos = nanoTime.getAsLong();
        Forecast forecast = trend.forecast(nowNanos);
        Transition transition = new Transition(name, state, next, reading, settings.warning(), settings.critical(),
                settings.measure(), pools.names(), now, cause, forecast != null ? forecast.at(nowNanos) : null);
        state = next;
        stateSince = now;
        lastCrossing = transition;
        roomPercent = -1;
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

    /** The forecast if warn-within is set and the forecast says full within it; else null. */
    private Forecast forecastWarns() {
        if (settings.warnWithin() == null) {
            return null;
        }
        long nowNanos = nanoTime.getAsLong();
        Forecast forecast = trend.forecast(nowNanos);
        return forecast != null && forecast.secondsToFull(nowNanos) < settings.warnWithin().toSeconds() ? forecast : null;
    }

    /** gc-overhead's reading: the pools' numbers after the last collection, and the share of time in pauses as its percentage. */
    private Reading overheadReading() {
        Reading heap = lastAfterGc != null ? lastAfterGc : pools.lastCollection();
        long used = heap != null ? heap.used() : pools.current().used();
        return new Reading(used, pools.max(), overhead.percent(nanoTime.getAsLong()));
    }

    private String overheadCause() {
        return "gc-overhead over " + settings.gcWindow().toSeconds() + " s";
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
        for (GarbageCollectorMXBean collector : COLLECTORS) {
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
        if (!notified(info.getGcName(), info.getGcInfo().getId())) {
            return; // the sampler judged it (or a later one) already: this notification came late
        }
        // GcInfo times are milliseconds since the JVM started: the move is dated when the collection ended, not when
        // its notification was delivered, which can be later.
        Instant ended = Instant.ofEpochMilli(JVM_START_MILLIS + info.getGcInfo().getEndTime());
        collected(watched.afterGc(info.getGcInfo().getMemoryUsageAfterGc()), info.getGcName(), info.getGcInfo().getDuration(),
                evidence(info.getGcName(), info.getGcCause()), info.getGcName() + " (" + info.getGcCause() + ")", ended);
    }

    /**
     * A notification came, so the collector's notifications reach the watermark (misses so far were late ones): true
     * if its collection is later than every one judged from that collector.
     */
    private synchronized boolean notified(String collector, long id) {
        misses.remove(collector);
        if (id <= judgedIds.getOrDefault(collector, 0L)) {
            return false;
        }
        judgedIds.put(collector, id);
        return true;
    }

    /**
     * The sampler's look at each collector: a collection it saw a second ago that no notification has brought since
     * means the notifications do not reach the watermark; the collector's last collection is judged instead (a full
     * one as asked for: its cause is only in the notification).
     */
    private void pollCollections() {
        for (GarbageCollectorMXBean collector : COLLECTORS) {
            GcInfo last = collector.getLastGcInfo();
            if (last == null) {
                continue;
            }
            String gc = collector.getName();
            boolean report;
            MemoryPoolSet watched;
            synchronized (this) {
                if (unsubscribe == null) {
                    return; // not watching (or fed by a test): no notifications were asked for
                }
                Long seen = polledIds.put(gc, last.getId());
                if (seen == null || seen <= judgedIds.getOrDefault(gc, 0L)) {
                    continue; // nothing new a second ago, or its notification came
                }
                judgedIds.put(gc, last.getId());
                collectionsWithoutNotification++;
                report = misses.merge(gc, 1, Integer::sum) == MISSES_REPORTED;
                watched = pools;
            }
            if (report) {
                notificationsMissing.accept(gc);
            }
            collected(watched.afterGc(last.getMemoryUsageAfterGc()), gc, last.getDuration(),
                    fullCollector(gc) ? Evidence.FULL_COLLECTION : Evidence.COLLECTION, gc + " (read by the sampler: no notification came)",
                    Instant.ofEpochMilli(JVM_START_MILLIS + last.getEndTime()));
        }
    }

    /**
     * One collection: its reading feeds the forecast (bar G1's concurrent cycle's, see
     * {@link TrendForecast#readsTheFloor}), its duration gc-overhead (pauses only), and it is judged as the measure says.
     * Fed by GC notifications, the sampler when they do not come, or tests.
     *
     * @param collector the collector's bean name ("G1 Young Generation", "G1 Concurrent GC")
     */
    void collected(Reading afterGc, String collector, long durationMillis, Evidence evidence, String cause, Instant ended) {
        Transition transition = null;
        synchronized (this) {
            long nowNanos = nanoTime.getAsLong();
            if (TrendForecast.readsTheFloor(collector)) {
                trend.add(nowNanos, afterGc);
            }
            lastAfterGc = afterGc;
            if (GcOverhead.countsAsPause(collector)) {
                overhead.pause(nowNanos, durationMillis);
            }
            switch (settings.measure()) {
                case AFTER_GC:
                    transition = judge(afterGc, evidence, cause, ended);
                    break;
                case GC_OVERHEAD:
                    transition = judge(overheadReading(), Evidence.SETTLED, overheadCause() + ", after " + cause, ended);
                    break;
                default:
                    break; // measure=current is judged by its sampler
            }
        }
        publish(transition);
    }

    /** Causes of a full collection that someone asked for, or that metaspace asked for: not the heap lacking room. */
    private static final Set<String> CAUSES_NOT_FOR_ROOM = Set.of("System.gc()", "Heap Inspection Initiated GC", "Heap Dump Initiated GC",
            "Diagnostic Command", "JvmtiEnv ForceGarbageCollection", "WhiteBox Initiated Full GC", "Metadata GC Threshold",
            "Metadata GC Clear Soft References", "Last ditch collection");

    /**
     * What a collection's reading proves, from the collector's name: a full (old-generation) collector collects the
     * whole heap ("G1 Old Generation", "PS MarkSweep", "MarkSweepCompact", "ZGC Cycles", "Shenandoah Cycles"); young,
     * mixed and pause beans do not.
     */
    static Evidence evidence(String collector, String cause) {
        if (!fullCollector(collector)) {
            return Evidence.COLLECTION;
        }
        return CAUSES_NOT_FOR_ROOM.contains(cause) ? Evidence.FULL_COLLECTION : Evidence.FULL_COLLECTION_WITHOUT_ROOM;
    }

    private static boolean fullCollector(String collector) {
        return collector.contains("Old") || collector.contains("MarkSweep") || collector.contains("Major") || collector.endsWith("Cycles");
    }

    private Runnable startSampler() {
        Periodic sampler = new Periodic("vigil-watermark-" + name + "-sampler", Duration.ofMillis(SAMPLE_PERIOD_MILLIS),
                this::sample, e -> {
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

    /**
     * When the watermark entered its state: the move's time (for a collection, when it ended), or when the watermark
     * was made while it has not moved yet. Reconfiguring keeps it unless the state changes.
     */
    public synchronized Instant stateSince() {
        return stateSince;
    }

    /** The pools' usage at this moment, garbage included. */
    public synchronized Reading currentReading() {
        return pools.current();
    }

    /** Bytes used right after the last collection, whatever the measure; -1 before the first one. */
    public synchronized long afterGcUsed() {
        if (settings.measure() == Measure.AFTER_GC && lastCollection != null) {
            return lastCollection.used();
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

    /** Collections judged from the collector's own last collection because their notification never came (for tests). */
    synchronized long collectionsWithoutNotification() {
        return collectionsWithoutNotification;
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

    /** What the floor of the after-GC readings over trend-window says; null when it is flat, falling or not known yet. */
    public synchronized Forecast forecast() {
        long nowNanos = nanoTime.getAsLong();
        Forecast forecast = trend.forecast(nowNanos);
        return forecast != null ? forecast.at(nowNanos) : null;
    }
}
