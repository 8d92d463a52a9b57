package dev.vigil.census;

import java.util.Map;

/**
 * {@code vigil:type=ThreadCensus}: live threads by origin, in open types only (the maps are TabularData) so JConsole
 * and Jolokia need no Vigil classes. Emits {@code vigil.threads.origin-warning} and {@code vigil.threads.undeploy-leak}.
 */
public interface ThreadCensusMXBean {

    int getLiveThreads();

    int getPeakThreads();

    /** Creator (the first application frame that called Thread.start()) to live threads. */
    Map<String, Integer> getByCreator();

    /** Entry (the class whose code the thread runs) to live threads. */
    Map<String, Integer> getByEntry();

    /** Deployment (from the context class loader) to live threads. */
    Map<String, Integer> getByDeployment();

    /** Origins above origin-warning, as group:origin. */
    String[] getOriginsOverWarning();

    /** Undeployed deployments that left threads alive, with the threads alive now. */
    Map<String, Integer> getUndeployedLeaks();

    /** on, off (creator-tracking=false), or lost: JFR delivers no thread starts (VIGIL0309), new threads' creator is unknown. */
    String getCreatorTrackingState();

    /** Thread starts creator tracking refused because it kept its maximum of threads (VIGIL0311): their creator is unknown. */
    long getCreatorStartsDropped();

    /**
     * Live threads whose creator is unknown for want of their start, by why: tracking-off, started-before-tracking,
     * event-lost (no start arrived and none will), pending (still waited for); and late, those named by a start that
     * arrived after the patience.
     */
    Map<String, Integer> getUnknownCreators();

    /** Threads named by a start that arrived after the patience, since the census began. */
    long getCreatorsRevisedLate();

    int getOriginWarning();

    long getInterval();

    boolean isCreatorTracking();

    /**
     * The top origins by live threads after a fresh census: groupBy is creator, entry or deployment; top 0 means all.
     * Each row: origin, count, peak, samples (thread names).
     */
    OriginRow[] census(String groupBy, int top);

    /** Sets peak-threads and every origin's peak to now. */
    void resetPeak();
}
