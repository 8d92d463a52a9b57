package dev.vigil.census;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import jdk.jfr.consumer.RecordingStream;

import dev.vigil.evidence.ThreadOrigin;

/**
 * Live threads counted by origin: creator, entry and deployment. Incremental: a thread's origins are resolved once,
 * when a census first sees it, and cached by thread id; each census lists the live threads (no stacks), resolves only
 * the new ones (one bounded stack sample for all of them), and drops the ended ones. Nothing is kept for a thread
 * that ended, so nothing grows without bound.
 * <p>
 * Plain Java: the server's service drives it on a timer, the tests and the benchmark directly.
 */
public final class ThreadCensus {

    /** Frames sampled per new thread: enough for the bottom of the stack of all but the deepest threads. */
    static final int STACK_DEPTH = 256;

    /** New threads whose stacks are read in one safepoint: 500 take about 15 ms here. */
    static final int RESOLVE_BATCH = 500;
    /** Thread names kept per origin, as samples. */
    static final int SAMPLES = 3;
    /**
     * How long a new thread's start may take to arrive before the census asks whether it ever will (a probe): past
     * it, a start that still comes names the thread late.
     */
    static final long CREATOR_PATIENCE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    /** What a census reports beyond its counts; each report is ignored unless overridden. */
    public interface Listener {
        /** An origin rose above origin-warning (once, until it falls back to it or below). */
        default void originWarning(GroupBy group, OriginCount origin, int originWarning) {
        }

        /** Threads still alive whose deployment is no longer deployed (once per deployment). */
        default void undeployedLeak(String deployment, int threads, List<OriginCount> topOrigins) {
        }

        /** Creator tracking's JFR stream ended on its own and was started again. */
        default void creatorTrackingRestarted(Throwable cause) {
        }

        /** JFR delivers no thread starts any more: new threads' creator is unknown until it does again. */
        default void creatorTrackingLost(Throwable cause) {
        }

        /** Thread starts arrive again after a restart or a loss. */
        default void creatorTrackingRecovered() {
        }

        /**
         * Creator tracking keeps {@code maxTracked} threads and refused more starts: {@code dropped} since tracking
         * began. Once per episode: again only after a census in which no start was refused.
         */
        default void creatorTrackingFull(int maxTracked, long dropped) {
        }
    }

    /** A thread as the census knows it. */
    private static final class Known {
        final String name;
        final String entry;
        final String deployment;
        final long seenNanos = System.nanoTime();
        /** Null while no start names it: why is {@link UnknownCreator}, worked out at each census. */
        String creator;
        /** Named by a start that arrived after the patience. */
        boolean late;

        Known(String name, String entry, String deployment) {
            this.name = name;
            this.entry = entry;
            this.deployment = deployment;
        }

        String origin(GroupBy group) {
            switch (group) {
                case CREATOR:
                    return creator != null ? creator : OriginResolver.UNKNOWN;
                case ENTRY:
                    return entry;
                default:
                    return deployment;
            }
        }
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Listener listener;
    private final Supplier<Set<String>> deployedModules;
    private volatile CensusSettings settings;
    private OriginResolver resolver;
    private CreatorTracker tracker;
    private long firstTrackedId = Long.MAX_VALUE;

    private final Map<Long, Known> known = new HashMap<>();
    private final Map<GroupBy, Map<String, List<Known>>> groups = new EnumMap<>(GroupBy.class);
    private final Map<GroupBy, Map<String, Integer>> peaks = new EnumMap<>(GroupBy.class);
    private final Map<GroupBy, Set<String>> overWarning = new EnumMap<>(GroupBy.class);
    private final Map<String, Integer> leaks = new TreeMap<>();
    /** Undeployments that left threads alive, since start: each counted once, when a census first finds it. */
    private long undeployLeaks;
    private int liveThreads;
    private int peakThreads;
    /** Live threads without a creator by why, and those named late (LATE), at the last census. */
    private Map<String, Integer> unknownCreators = Map.of();
    /** Threads named by a start that arrived after the patience, since the census began. */
    private long creatorsRevisedLate;
    private long censuses;
    private final Supplier<RecordingStream> streams;
    private final long creatorPatienceNanos;
    private final int maxTracked;
    /** The tracker's dropped count at the last census, and whether that episode of drops was reported. */
    private long droppedSeen;
    private boolean fullReported;

    /**
     * @param deployedModules the names of the deployment modules loaded now ({@code deployment.shop.war}), or null if
     *                        they cannot be told; a deployment with live threads that is not among them was
     *                        undeployed and left them
     */
    public ThreadCensus(CensusSettings settings, Listener listener, Supplier<Set<String>> deployedModules) {
        this(settings, listener, deployedModules, CreatorTracker::threadStarts, Duration.ofNanos(CREATOR_PATIENCE_NANOS),
                CreatorTracker.MAX_TRACKED);
    }

    /**
     * For tests: creator tracking's JFR streams of another making (one with no event enabled delivers nothing, as JFR
     * after an OutOfMemoryError), a shorter patience for a thread's start, and a smaller bound on tracked threads.
     */
    ThreadCensus(CensusSettings settings, Listener listener, Supplier<Set<String>> deployedModules, Supplier<RecordingStream> streams,
            Duration creatorPatience, int maxTracked) {
        this.listener = listener;
        this.deployedModules = deployedModules;
        this.streams = streams;
        this.creatorPatienceNanos = creatorPatience.toNanos();
        this.maxTracked = maxTracked;
        for (GroupBy group : GroupBy.values()) {
            groups.put(group, new HashMap<>());
            peaks.put(group, new HashMap<>());
            overWarning.put(group, new HashSet<>());
        }
        reconfigure(settings);
    }

    /** Applies new settings: new ignored packages re-resolve every thread at the next census; tracking starts or stops. */
    public synchronized void reconfigure(CensusSettings newSettings) {
        CensusSettings old = this.settings;
        this.settings = newSettings;
        this.resolver = new OriginResolver(newSettings.ignored());
        if (old != null && !old.ignored().equals(newSettings.ignored())) {
            known.clear();
        }
        if (newSettings.creatorTracking() && tracker == null) {
            tracker = new CreatorTracker(streams, Duration.ofNanos(creatorPatienceNanos), maxTracked);
            droppedSeen = 0;
            fullReported = false;
            tracker.start();
            firstTrackedId = nextThreadId();
        } else if (!newSettings.creatorTracking() && tracker != null) {
            tracker.close();
            tracker = null;
            firstTrackedId = Long.MAX_VALUE;
        }
    }

    public CensusSettings settings() {
        return settings;
    }

    public synchronized void close() {
        if (tracker != null) {
            tracker.close();
            tracker = null;
        }
    }

    /** Takes a census now: lists the live threads, resolves the new ones, drops the ended ones, reports. */
    public void take() {
        List<Runnable> reports = new ArrayList<>();
        synchronized (this) {
            Thread[] live = enumerateThreads();
            Map<Long, Thread> fresh = new HashMap<>();
            Set<Long> liveIds = new HashSet<>(live.length * 2);
            for (Thread thread : live) {
                long id = thread.getId();
                liveIds.add(id);
                if (!known.containsKey(id)) {
                    fresh.put(id, thread);
                }
            }
            known.keySet().retainAll(liveIds);
            resolve(fresh);
            int[] withoutCreator = new int[UnknownCreator.values().length];
            boolean overdue = nameCreators(withoutCreator);
            if (tracker != null) {
                tracker.retainOnly(liveIds);
                reportTracking(tracker.check(overdue), reports);
                reportFull(reports);
                if (tracker.lost()) { // found lost just now: no start arrives, the ones waited for neither
                    withoutCreator[UnknownCreator.EVENT_LOST.ordinal()] += withoutCreator[UnknownCreator.PENDING.ordinal()];
                    withoutCreator[UnknownCreator.PENDING.ordinal()] = 0;
                }
            }
            Map<String, Integer> byWhy = new LinkedHashMap<>();
            for (UnknownCreator why : UnknownCreator.values()) {
                byWhy.put(why.toString(), withoutCreator[why.ordinal()]);
            }
            unknownCreators = byWhy;
            regroup();
            liveThreads = known.size();
            peakThreads = Math.max(peakThreads, liveThreads);
            checkWarnings(reports);
            checkLeaks(reports);
            censuses++;
        }
        reports.forEach(Runnable::run); // outside the lock: listeners log, notify and act
    }

    /**
     * Names the creators whose start arrived, late ones too, and counts the threads without one by why
     * ({@link #unknownCreators}). A thread is never given up on: a start that comes at last names it, as long as the
     * thread lives (the tracker keeps a start until the thread's end). Returns whether a thread waits longer than the
     * patience with the stream not yet shown past it, which makes the tracker start a probe.
     */
    private boolean nameCreators(int[] counts) {
        boolean overdue = false;
        long now = System.nanoTime();
        for (Map.Entry<Long, Known> entry : known.entrySet()) {
            Known thread = entry.getValue();
            UnknownCreator why;
            if (thread.creator != null) {
                if (!thread.late) {
                    continue;
                }
                why = UnknownCreator.LATE;
            } else if (tracker == null) {
                why = UnknownCreator.TRACKING_OFF;
            } else if (entry.getKey() < firstTrackedId) {
                why = UnknownCreator.STARTED_BEFORE_TRACKING;
            } else {
                thread.creator = tracker.creatorOf(entry.getKey(), resolver);
                boolean waitedLong = now - thread.seenNanos > creatorPatienceNanos;
                if (thread.creator != null) {
                    if (!waitedLong) {
                        continue; // on time
                    }
                    thread.late = true;
                    creatorsRevisedLate++;
                    why = UnknownCreator.LATE;
                } else if (tracker.lost() || tracker.passed(thread.seenNanos + creatorPatienceNanos)) {
                    // the probe that passed it started after the patience: by then the thread's own start, written as
                    // it began to run, was in JFR's buffers long before
                    why = UnknownCreator.EVENT_LOST;
                } else {
                    why = UnknownCreator.PENDING;
                    overdue |= waitedLong;
                }
            }
            counts[why.ordinal()]++;
        }
        return overdue;
    }

    private void reportTracking(CreatorTracker.Change change, List<Runnable> reports) {
        Throwable cause = tracker.cause();
        switch (change) {
            case RESTARTED:
                reports.add(() -> listener.creatorTrackingRestarted(cause));
                break;
            case LOST:
                reports.add(() -> listener.creatorTrackingLost(cause));
                break;
            case RECOVERED:
                reports.add(listener::creatorTrackingRecovered);
                break;
            default:
                break;
        }
    }

    private void reportFull(List<Runnable> reports) {
        long dropped = tracker.dropped();
        if (dropped == droppedSeen) {
            fullReported = false; // no start refused since the last census: the episode is over
            return;
        }
        droppedSeen = dropped;
        if (!fullReported) {
            fullReported = true;
            reports.add(() -> listener.creatorTrackingFull(maxTracked, dropped));
        }
    }

    private void resolve(Map<Long, Thread> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        long[] ids = fresh.keySet().stream().mapToLong(Long::longValue).toArray();
        // Stacks are read at a safepoint: in batches, so thousands of new threads make short pauses, not one long one.
        ThreadInfo[] infos = new ThreadInfo[ids.length];
        for (int from = 0; from < ids.length; from += RESOLVE_BATCH) {
            long[] batch = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + RESOLVE_BATCH));
            System.arraycopy(threads.getThreadInfo(batch, STACK_DEPTH), 0, infos, from, batch.length);
        }
        for (int i = 0; i < ids.length; i++) {
            Thread thread = fresh.get(ids[i]);
            ThreadInfo info = infos[i];
            if (info == null) {
                continue; // ended since it was listed
            }
            known.put(ids[i], new Known(thread.getName(), resolver.entry(thread.getClass(), info.getStackTrace()),
                    OriginResolver.deployment(thread.getContextClassLoader())));
        }
    }

    private void regroup() {
        for (GroupBy group : GroupBy.values()) {
            Map<String, List<Known>> byOrigin = new HashMap<>();
            for (Known thread : known.values()) {
                byOrigin.computeIfAbsent(thread.origin(group), origin -> new ArrayList<>()).add(thread);
            }
            groups.put(group, byOrigin);
            Map<String, Integer> groupPeaks = peaks.get(group);
            groupPeaks.keySet().retainAll(byOrigin.keySet()); // peaks of live origins only: bounded
            byOrigin.forEach((origin, members) -> groupPeaks.merge(origin, members.size(), Math::max));
        }
    }

    private void checkWarnings(List<Runnable> reports) {
        int limit = settings.originWarning();
        for (GroupBy group : GroupBy.values()) {
            Set<String> over = overWarning.get(group);
            Map<String, List<Known>> byOrigin = groups.get(group);
            over.removeIf(origin -> !byOrigin.containsKey(origin) || byOrigin.get(origin).size() <= limit);
            byOrigin.forEach((origin, members) -> {
                if (!watched(origin)) {
                    return;
                }
                if (members.size() > limit && over.add(origin)) {
                    OriginCount count = count(group, origin);
                    reports.add(() -> listener.originWarning(group, count, limit));
                }
            });
        }
    }

    /** Unknown and server gather threads of many origins: a count of them says nothing about one leak. */
    private static boolean watched(String origin) {
        return !OriginResolver.UNKNOWN.equals(origin) && !OriginResolver.SERVER.equals(origin);
    }

    private void checkLeaks(List<Runnable> reports) {
        Map<String, List<Known>> byDeployment = groups.get(GroupBy.DEPLOYMENT);
        Set<String> deployed = null;
        leaks.keySet().retainAll(byDeployment.keySet());
        for (Map.Entry<String, List<Known>> entry : byDeployment.entrySet()) {
            String deployment = entry.getKey();
            if (OriginResolver.SERVER.equals(deployment)) {
                continue;
            }
            if (deployed == null) {
                deployed = deployedModules.get();
                if (deployed == null) {
                    return; // cannot tell what is deployed: report nothing
                }
            }
            if (deployed.contains(deployment)) {
                leaks.remove(deployment);
            } else if (!leaks.containsKey(deployment)) {
                List<Known> left = entry.getValue();
                leaks.put(deployment, left.size());
                undeployLeaks++;
                List<OriginCount> top = topOf(left, GroupBy.ENTRY, 5);
                reports.add(() -> listener.undeployedLeak(deployment, left.size(), top));
            } else {
                leaks.put(deployment, entry.getValue().size());
            }
        }
    }

    private List<OriginCount> topOf(List<Known> members, GroupBy group, int top) {
        Map<String, List<Known>> byOrigin = new HashMap<>();
        members.forEach(thread -> byOrigin.computeIfAbsent(thread.origin(group), origin -> new ArrayList<>()).add(thread));
        List<OriginCount> counts = new ArrayList<>();
        byOrigin.forEach((origin, list) -> counts.add(new OriginCount(origin, list.size(), list.size(), samples(list))));
        counts.sort(Comparator.comparingInt(OriginCount::count).reversed().thenComparing(OriginCount::origin));
        return counts.subList(0, Math.min(top, counts.size()));
    }

    private OriginCount count(GroupBy group, String origin) {
        List<Known> members = groups.get(group).getOrDefault(origin, List.of());
        return new OriginCount(origin, members.size(), peaks.get(group).getOrDefault(origin, members.size()), samples(members));
    }

    private static List<String> samples(List<Known> members) {
        List<String> names = new ArrayList<>();
        for (Known thread : members) {
            if (names.size() == SAMPLES) {
                break;
            }
            names.add(thread.name);
        }
        return names;
    }

    /** The top origins of a group by live threads, with their peaks and sample names; all if top is 0 or less. */
    public synchronized List<OriginCount> census(GroupBy group, int top) {
        List<OriginCount> counts = new ArrayList<>();
        groups.get(group).keySet().forEach(origin -> counts.add(count(group, origin)));
        counts.sort(Comparator.comparingInt(OriginCount::count).reversed().thenComparing(OriginCount::origin));
        return top > 0 ? counts.subList(0, Math.min(top, counts.size())) : counts;
    }

    /** Live threads by their three origins together (entry, creator, deployment), as the census knows them now. */
    public synchronized Map<ThreadOrigin, Integer> origins() {
        Map<ThreadOrigin, Integer> origins = new HashMap<>();
        for (Known thread : known.values()) {
            origins.merge(new ThreadOrigin(thread.entry, thread.origin(GroupBy.CREATOR), thread.deployment), 1, Integer::sum);
        }
        return origins;
    }

    /**
     * Each known thread as the dump report reads it beside a heap dump: {@code id TAB entry TAB creator TAB deployment
     * TAB name}, at most {@code limit} lines (the most recently seen threads are dropped first), tabs and line breaks in a
     * name replaced by spaces.
     */
    public synchronized List<String> threadLines(int limit) {
        List<String> lines = new ArrayList<>();
        known.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(limit).forEach(entry -> {
            Known thread = entry.getValue();
            lines.add(entry.getKey() + "\t" + thread.entry + "\t" + thread.origin(GroupBy.CREATOR) + "\t" + thread.deployment + "\t"
                    + thread.name.replaceAll("[\\t\\r\\n]", " "));
        });
        return lines;
    }

    /** Origin to live threads, most first. */
    public synchronized Map<String, Integer> counts(GroupBy group) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        census(group, 0).forEach(count -> counts.put(count.origin(), count.count()));
        return counts;
    }

    /** The origins above origin-warning now, as {@code group:origin}. */
    public synchronized List<String> originsOverWarning() {
        List<String> over = new ArrayList<>();
        for (GroupBy group : GroupBy.values()) {
            overWarning.get(group).stream().sorted().forEach(origin -> over.add(group + ":" + origin));
        }
        return over;
    }

    /** Undeployed deployments that left threads alive, with how many are alive now. */
    public synchronized Map<String, Integer> undeployedLeaks() {
        return new TreeMap<>(leaks);
    }

    /**
     * Live threads of the largest origin of a group among those origin-warning watches: unknown and server are not
     * one origin, so they are left out (0 when no other origin has a live thread).
     */
    public synchronized int topOriginThreads(GroupBy group) {
        int top = 0;
        for (Map.Entry<String, List<Known>> origin : groups.get(group).entrySet()) {
            if (watched(origin.getKey())) {
                top = Math.max(top, origin.getValue().size());
            }
        }
        return top;
    }

    /** The largest of {@link #topOriginThreads} over the three groups: what an alert on origin-warning compares. */
    public synchronized int largestOriginThreads() {
        int largest = 0;
        for (GroupBy group : GroupBy.values()) {
            largest = Math.max(largest, topOriginThreads(group));
        }
        return largest;
    }

    /** How many origins are above origin-warning now, over the three groups (the length of {@link #originsOverWarning}). */
    public synchronized int originsOverWarningCount() {
        int count = 0;
        for (GroupBy group : GroupBy.values()) {
            count += overWarning.get(group).size();
        }
        return count;
    }

    /** Undeployments that left threads alive since start; a deployment deployed and undeployed again counts again. */
    public synchronized long undeployLeaks() {
        return undeployLeaks;
    }

    /** Live threads left by undeployed deployments now: the sum of {@link #undeployedLeaks}. */
    public synchronized int undeployedLeakedThreads() {
        int threads = 0;
        for (int count : leaks.values()) {
            threads += count;
        }
        return threads;
    }

    public synchronized int liveThreads() {
        return liveThreads;
    }

    /** on, off (creator-tracking=false), or lost (JFR delivers no thread starts: VIGIL0309). */
    public synchronized String creatorTrackingState() {
        return tracker == null ? "off" : tracker.lost() ? "lost" : "on";
    }

    /** Thread starts creator tracking refused since it began, because it kept its maximum of threads already. */
    public synchronized long creatorStartsDropped() {
        return tracker == null ? 0 : tracker.dropped();
    }

    /**
     * Live threads whose creator is unknown for want of their start, by why ({@link UnknownCreator}: tracking-off,
     * started-before-tracking, event-lost, pending), and late: those a start that came after the patience named. A
     * thread whose start names only ignored classes counts under creator unknown but in none of these.
     */
    public synchronized Map<String, Integer> unknownCreators() {
        return unknownCreators;
    }

    /** Threads a start that arrived after the patience named, since the census began. */
    public synchronized long creatorsRevisedLate() {
        return creatorsRevisedLate;
    }

    /** Threads whose start creator tracking keeps now (0 when off). */
    public synchronized int creatorsTracked() {
        return tracker == null ? 0 : tracker.tracked();
    }

    public synchronized int peakThreads() {
        return peakThreads;
    }

    /** Sets peak-threads and every origin's peak to their counts now. */
    public synchronized void resetPeak() {
        peakThreads = liveThreads;
        for (GroupBy group : GroupBy.values()) {
            Map<String, Integer> groupPeaks = peaks.get(group);
            groupPeaks.clear();
            groups.get(group).forEach((origin, members) -> groupPeaks.put(origin, members.size()));
        }
    }

    /** How many censuses ran since start: what a test reads to tell that a refused request took none. */
    public synchronized long censuses() {
        return censuses;
    }

    /** Every live platform thread, without stacks: the root thread group's enumeration. */
    private static Thread[] enumerateThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int count;
        while ((count = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        Thread[] live = new Thread[count];
        System.arraycopy(threads, 0, live, 0, count);
        return live;
    }

    /** The id the next thread will get: threads with smaller ids started before now. */
    private static long nextThreadId() {
        Thread probe = new Thread(() -> { }, "vigil-census-id-probe");
        return probe.getId();
    }
}
