package dev.vigil.suspect;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import javax.management.AttributeChangeNotification;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.NotificationListener;
import javax.management.ObjectName;

import org.jboss.dmr.ModelNode;
import org.jboss.modules.ModuleLoader;

import dev.vigil.VigilLogger;
import dev.vigil.action.ActionRequest;
import dev.vigil.evidence.CensusSnapshot;
import dev.vigil.evidence.CensusSource;
import dev.vigil.evidence.EvidenceNotes;
import dev.vigil.evidence.HistogramSnapshot;
import dev.vigil.evidence.HistogramSource;
import dev.vigil.format.Bytes;

/**
 * The leak suspects of a running server: keeps a baseline (taken once the server is up with its deployments, and again
 * each time a watermark falls back to NORMAL), ranks what grew since when a watermark rises (the action
 * {@code leak-suspects}) or when someone asks (the operation, the MBean), and publishes the result: one log line with
 * the top 3, {@code NAME.suspects.txt} and the dump's note for a cause, the MBean's last result and notification.
 * <p>
 * Baselines are histograms of all objects (no forced collection: a heap walk at a safepoint, its pause logged with
 * VIGIL0121); the action's own histogram is the cause's (the {@code histogram} action's if it ran first, else one
 * taken now by heap-dumps' {@code live}); a histogram asked for by a person counts all objects, so that no role
 * forces a collection through it.
 */
public final class LeakSuspectsService {

    /** Suspects logged per cause. */
    static final int LOGGED = 3;
    /** Suspects written into NAME.suspects.txt and the note. */
    static final int WRITTEN = 20;
    public static final int MIN_TOP = 1;
    public static final int MAX_TOP = 100;

    private final Supplier<HistogramSource> histograms;
    private final Supplier<CensusSource> censuses;
    private final Supplier<EvidenceNotes> notes;
    private final Supplier<ModuleLoader> modules;
    private final Thresholds thresholds;
    private final LeakSuspectsMXBeanImpl mbean = new LeakSuspectsMXBeanImpl(this);
    private volatile Picture baseline;
    private volatile SuspectReport last;

    /** Each supplier gives the capability's running service, or null when it is not configured or not running. */
    public LeakSuspectsService(Supplier<HistogramSource> histograms, Supplier<CensusSource> censuses, Supplier<EvidenceNotes> notes,
            Supplier<ModuleLoader> modules, Thresholds thresholds) {
        this.histograms = histograms;
        this.censuses = censuses;
        this.notes = notes;
        this.modules = modules;
        this.thresholds = thresholds;
    }

    public void start() {
        try {
            mbean.register();
        } catch (JMException e) {
            VigilLogger.ROOT_LOGGER.suspectsMBeanNotRegistered(LeakSuspectsMXBeanImpl.OBJECT_NAME.toString(), e);
        }
        baselineWhenRunning();
    }

    public void stop() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.removeNotificationListener(SERVER_STATE, running);
        } catch (JMException e) {
            // not listening: the server was running already, or the baseline was taken
        }
        mbean.unregister();
    }

    /** WildFly's process state, with a notification when it changes: the boot is over when it says running. */
    static final ObjectName SERVER_STATE = dev.vigil.PlatformMBeans.name("jboss.root:type=state");

    private final NotificationListener running = (notification, handback) -> {
        if (notification instanceof AttributeChangeNotification change && running(change.getNewValue())) {
            try {
                ManagementFactory.getPlatformMBeanServer().removeNotificationListener(SERVER_STATE, this.running);
            } catch (JMException e) {
                // removed already
            }
            baselineSoon();
        }
    };

    /** ControlledProcessState RUNNING reads {@code ok} (and {@code running} in older servers). */
    private static boolean running(Object processState) {
        String state = String.valueOf(processState);
        return state.equals("ok") || state.equals("running");
    }

    /**
     * The first baseline once the server runs with its deployments (WildFly's process state {@code ok}, ControlledProcessState RUNNING); at once
     * when it runs already (the subsystem added to a running server) or cannot tell.
     */
    private void baselineWhenRunning() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.addNotificationListener(SERVER_STATE, running, null, null);
            if (!running(server.getAttribute(SERVER_STATE, "ProcessState"))) {
                return; // the listener takes it
            }
            server.removeNotificationListener(SERVER_STATE, running);
        } catch (JMException | RuntimeException e) {
            // no process state to follow (a test's controller): now
        }
        baselineSoon();
    }

    /** On a thread of its own: neither the boot nor a management operation waits for a heap walk. */
    private void baselineSoon() {
        Thread thread = new Thread(() -> takeBaseline("boot"), "vigil-suspects-baseline");
        thread.setDaemon(true);
        thread.start();
    }

    public Picture baseline() {
        return baseline;
    }

    public SuspectReport last() {
        return last;
    }

    /** Takes a new baseline now: a histogram of all objects (no collection), a census, the heap after GC. */
    public void takeBaseline(String why) {
        try {
            long started = System.nanoTime();
            HistogramSource source = histograms.get();
            HistogramSnapshot histogram = source != null ? source.take(false) : null;
            long millis = (System.nanoTime() - started) / 1_000_000;
            CensusSnapshot census = census();
            Picture picture = new Picture(Instant.now(), why, histogram, census, heapAfterGc());
            baseline = picture;
            VigilLogger.ROOT_LOGGER.suspectsBaseline(why, histogram != null ? histogram.classes().size() : 0, census != null ? census.liveThreads() : 0,
                    picture.heapAfterGc() >= 0 ? Bytes.format(picture.heapAfterGc()) : "not known", "all-objects", millis);
        } catch (JMException | RuntimeException e) {
            VigilLogger.ROOT_LOGGER.suspectsBaselineFailed(why, e);
        }
    }

    /**
     * The action {@code leak-suspects} for a cause: ranks against the baseline, logs the top 3, writes
     * {@code NAME.suspects.txt} beside the cause's other files and gives the dump of the same cause its suspects.
     */
    public SuspectReport action(ActionRequest cause) throws JMException {
        HistogramSource source = histograms.get();
        HistogramSnapshot histogram = null;
        if (source != null) {
            histogram = source.takenFor(cause);
            if (histogram == null) {
                histogram = source.take(source.live());
            }
        }
        SuspectReport report = rank(cause.requestedBy(), judged(cause.details()), histogram, WRITTEN);
        EvidenceNotes evidence = notes.get();
        String file = "(no file: service=heap-dumps is not configured)";
        if (evidence != null) {
            file = evidence.writeCompanion(cause, EvidenceNotes.SUSPECTS, report.text(WRITTEN));
            evidence.addToNote(cause, "suspects", report.suspectsModel());
        }
        VigilLogger.ROOT_LOGGER.leakSuspects(report.text(LOGGED).stripTrailing(), file);
        publish(report);
        return report;
    }

    /** Suspects someone asked for ({@code via}: the operation, the MBean): a histogram of all objects, no collection. */
    public SuspectReport onDemand(String via, int top) throws JMException {
        HistogramSource source = histograms.get();
        SuspectReport report = rank(via, null, source != null ? source.take(false) : null, top);
        publish(report);
        return report;
    }

    private void publish(SuspectReport report) {
        last = report;
        mbean.found(report);
    }

    private SuspectReport rank(String cause, String judged, HistogramSnapshot histogram, int top) {
        CensusSnapshot census = census();
        Picture now = new Picture(Instant.now(), "now", histogram, census, heapAfterGc());
        Picture before = baseline;
        if (before == null) { // no baseline yet: everything counts as grown since nothing
            before = new Picture(null, "no baseline", null, null, -1);
        }
        ClassOwners owners = new ClassOwners(new DeploymentClasses(modules.get()), census);
        List<Suspect> suspects = LeakSuspects.rank(before, now, owners, thresholds, top);
        return new SuspectReport(cause, judged, now.time(), before.time(), before.state(), now.heapAfterGc(), before.heapAfterGc(), suspects);
    }

    private CensusSnapshot census() {
        CensusSource source = censuses.get();
        return source != null ? source.take() : null;
    }

    /** {@code 71.2 % after GC}, from a watermark move's fields; null for other causes. */
    static String judged(ModelNode details) {
        if (!details.hasDefined("usage-percent")) {
            return null;
        }
        String measure = details.hasDefined("measure") && details.get("measure").asString().equals("after-gc") ? "after GC" : "now";
        return String.format(java.util.Locale.ROOT, "%.1f %% %s", details.get("usage-percent").asDouble(), measure);
    }

    /** Bytes the heap pools held after their last collection; -1 if no pool says. */
    static long heapAfterGc() {
        long total = 0;
        boolean known = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage usage = pool.getCollectionUsage();
            if (usage != null) {
                total += usage.getUsed();
                known = true;
            }
        }
        return known ? total : -1;
    }

    /** {@code top} as the operation and the MBean accept it: {@value #MIN_TOP} to {@value #MAX_TOP}. */
    public static int top(int top) {
        if (top < MIN_TOP || top > MAX_TOP) {
            throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.invalidSuspectsTop(String.valueOf(top), MIN_TOP, MAX_TOP));
        }
        return top;
    }
}
