package dev.vigil.census;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.jboss.dmr.ModelNode;

import dev.vigil.periodic.Periodic;
import dev.vigil.VigilLogger;
import dev.vigil.analyzer.ReportFiles;
import dev.vigil.action.Action;
import dev.vigil.action.ActionRequest;
import dev.vigil.action.ActionRunner;
import dev.vigil.evidence.CensusSnapshot;
import dev.vigil.evidence.CensusSource;
import dev.vigil.evidence.DeployedModules;

/**
 * The server's thread census: a {@link ThreadCensus} taken every interval on a thread of its own, its MBean, its log
 * lines, and the actions run when an origin passes origin-warning. Started and stopped by the subsystem's service
 * for {@code /subsystem=vigil/service=thread-census}.
 */
public final class ThreadCensusService implements ThreadCensus.Listener, CensusSource {

    /** Threads a census file lists one by one (about 100 bytes each): the census's own cap on tracked threads is higher. */
    static final int THREAD_LINES = 20_000;

    private final ThreadCensus census;
    private final ThreadCensusMXBeanImpl mbean;
    private final ActionRunner actions;
    private volatile List<Action> onOriginWarning;
    private Periodic timer;

    /**
     * @param onOriginWarning the actions configured for an origin warning
     * @param actions         what they do; run on the census thread
     */
    public ThreadCensusService(CensusSettings settings, List<Action> onOriginWarning, ActionRunner actions) {
        this.onOriginWarning = List.copyOf(onOriginWarning);
        this.actions = actions;
        this.census = new ThreadCensus(settings, this, DeployedModules::loaded);
        this.mbean = new ThreadCensusMXBeanImpl(this);
    }

    /** For the health check: the origins over origin-warning now, and the warning level. */
    public ModelNode standing() {
        ModelNode node = new ModelNode();
        node.get("origin-warning").set(census.settings().originWarning());
        ModelNode over = node.get("origins-over-warning").setEmptyList();
        census.originsOverWarning().forEach(over::add);
        return node;
    }

    public ThreadCensus census() {
        return census;
    }

    public synchronized void start() {
        try {
            mbean.register();
        } catch (JMException e) {
            VigilLogger.ROOT_LOGGER.censusMBeanNotRegistered(ThreadCensusMXBeanImpl.OBJECT_NAME.toString(), e);
        }
        census.take();
        CensusSettings settings = census.settings();
        VigilLogger.ROOT_LOGGER.censusStarted(settings.interval().toSeconds(), census.liveThreads(), settings.originWarning(),
                settings.creatorTracking() ? "on (JFR jdk.ThreadStart): threads started before now have creator unknown" : "off: every creator is unknown");
        timer = new Periodic("vigil-thread-census", settings.interval(), census::take,
                e -> VigilLogger.ROOT_LOGGER.censusFailed(census.settings().interval().toSeconds(), e)).start();
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.close();
        }
        census.close();
        mbean.unregister();
    }

    public void onOriginWarning(List<Action> onOriginWarning) {
        this.onOriginWarning = List.copyOf(onOriginWarning);
    }

    public List<Action> onOriginWarning() {
        return onOriginWarning;
    }

    /** Applies new settings at once, the interval included. */
    public synchronized void reconfigure(CensusSettings settings) {
        boolean newInterval = !settings.interval().equals(census.settings().interval());
        census.reconfigure(settings);
        if (newInterval && timer != null) {
            timer.interval(settings.interval());
        }
    }

    /** The {@code thread-census} action: a census now, logged in short; returns it as text for a file beside a dump. */
    /** A census now, for the leak suspects: live threads by origin. */
    @Override
    public CensusSnapshot take() {
        census.take();
        return new CensusSnapshot(Instant.now(), census.origins());
    }

    public String snapshot(String requestedBy) {
        census.take();
        String byEntry = shortly(GroupBy.ENTRY);
        String byCreator = shortly(GroupBy.CREATOR);
        String byDeployment = shortly(GroupBy.DEPLOYMENT);
        VigilLogger.ROOT_LOGGER.censusSnapshot(requestedBy, census.liveThreads(), byEntry, byCreator, byDeployment);
        StringBuilder text = new StringBuilder("Thread census for " + requestedBy + ": " + census.liveThreads() + " live threads\n");
        for (GroupBy group : GroupBy.values()) {
            text.append("\nby ").append(group).append(":\n");
            for (OriginCount count : census.census(group, 50)) {
                text.append(String.format("%8d  %s  (peak %d; e.g. %s)%n", count.count(), count.origin(), count.peak(), count.samples()));
            }
        }
        // Each thread's origins, for the dump report: it finds the threads in the dump by id and names their creators.
        text.append('\n').append(ReportFiles.THREADS_SECTION).append('\n');
        census.threadLines(THREAD_LINES).forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private String shortly(GroupBy group) {
        return census.census(group, 5).stream().map(count -> count.origin() + "=" + count.count()).collect(Collectors.joining(", "));
    }

    @Override
    public void originWarning(GroupBy group, OriginCount origin, int originWarning) {
        VigilLogger.ROOT_LOGGER.originWarning(origin.count(), group.toString(), origin.origin(), originWarning, origin.samples());
        mbean.notify(ThreadCensusMXBeanImpl.ORIGIN_WARNING, origin.count() + " live threads have the " + group + " " + origin.origin()
                + ", more than origin-warning=" + originWarning, group + ":" + origin.origin());
        ActionRequest request = originWarningRequest(group, origin); // one cause for all its actions
        for (Action action : onOriginWarning) {
            try {
                actions.run(action, request);
            } catch (RuntimeException | LinkageError e) {
                VigilLogger.ROOT_LOGGER.censusActionFailed(action.toString(), "an origin warning", e);
            }
        }
    }

    /** An origin warning as the cause of its actions: files named threads-<group>, at the warning's time. */
    static ActionRequest originWarningRequest(GroupBy group, OriginCount origin) {
        ModelNode details = new ModelNode();
        details.get("group").set(group.toString());
        details.get("origin").set(origin.origin());
        details.get("count").set(origin.count());
        return new ActionRequest("thread census", "threads-" + group.toString().toLowerCase(Locale.ROOT),
                "the origin warning for " + origin.count() + " threads of " + group + " " + origin.origin(), Instant.now(), details);
    }

    @Override
    public void undeployedLeak(String deployment, int threads, List<OriginCount> topOrigins) {
        String origins = topOrigins.stream().map(count -> count.origin() + " (" + count.count() + ", e.g. " + count.samples() + ")")
                .collect(Collectors.joining(", "));
        VigilLogger.ROOT_LOGGER.undeployedLeak(deployment, threads, origins);
        mbean.notify(ThreadCensusMXBeanImpl.UNDEPLOY_LEAK, deployment + " was undeployed but left " + threads + " threads alive: " + origins, deployment);
    }

    @Override
    public void creatorTrackingRestarted(Throwable cause) {
        VigilLogger.ROOT_LOGGER.creatorTrackingRestarted(describe(cause));
    }

    @Override
    public void creatorTrackingLost(Throwable cause) {
        VigilLogger.ROOT_LOGGER.creatorTrackingLost(cause != null ? describe(cause) : "none, it still runs");
        mbean.notify(ThreadCensusMXBeanImpl.CREATOR_TRACKING, "Creator tracking is lost: JFR delivers no thread starts; new threads' creator is unknown", "lost");
    }

    /**
     * The root of a failure first: JFR reports an OutOfMemoryError in its stream as "IllegalArgumentException:
     * Self-suppression not permitted" (the JVM's one OutOfMemoryError instance added to itself), caused by it.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 10; depth++) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : root + ", reported as " + failure;
    }

    @Override
    public void creatorTrackingFull(int maxTracked, long dropped) {
        VigilLogger.ROOT_LOGGER.creatorTrackingFull(maxTracked, dropped);
    }

    @Override
    public void creatorTrackingRecovered() {
        VigilLogger.ROOT_LOGGER.creatorTrackingRecovered();
        mbean.notify(ThreadCensusMXBeanImpl.CREATOR_TRACKING, "Creator tracking gets thread starts from JFR again", "on");
    }

}
