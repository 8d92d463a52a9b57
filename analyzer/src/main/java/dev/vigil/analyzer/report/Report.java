package dev.vigil.analyzer.report;

import java.time.Instant;
import java.util.List;

/**
 * What one heap dump says about who keeps the heap alive: the model both {@code NAME.report.json} and
 * {@code NAME.report.html} are written from. Sizes are bytes as the analyzer's size model counts them (see
 * {@code docs/dump-report.md}); percentages are of {@link #heapBytes}, the heap reachable from the GC roots.
 *
 * @param dump               the dump's file name (no directory)
 * @param dumpBytes          the dump file's size on disk
 * @param dumpTime           when the JVM wrote the dump (the HPROF header's time stamp)
 * @param analysedAt         when this analysis finished
 * @param durationMillis     how long the analysis took, reading included
 * @param heapBytes          the shallow size of every object reachable from a GC root: what the percentages are of
 * @param objects            how many objects are reachable
 * @param unreachableBytes   objects in the dump no GC root reaches (garbage a dump of all objects holds); not in any table
 * @param unreachableObjects how many those are
 * @param classes            classes in the dump
 * @param threadsCompanion   the census file the thread creators came from ({@code NAME.threads.txt}), null if none was read
 * @param suspects           most retained first: what to look at, each in a sentence
 * @param threadOrigins      retained heap by thread origin, most first
 * @param deployments        retained heap by deployment (class loader), most first
 * @param gcRoots            the GC roots by kind
 * @param histogram          classes by shallow size, most first (the top {@link #HISTOGRAM_ROWS})
 */
public record Report(String dump, long dumpBytes, Instant dumpTime, Instant analysedAt, long durationMillis, long heapBytes, long objects,
        long unreachableBytes, long unreachableObjects, int classes, String threadsCompanion, List<Suspect> suspects,
        List<ThreadOriginRow> threadOrigins, List<DeploymentRow> deployments, List<GcRootRow> gcRoots, List<HistogramRow> histogram) {

    /** Rows of the class histogram the report keeps. */
    public static final int HISTOGRAM_ROWS = 100;

    public Report {
        suspects = List.copyOf(suspects);
        threadOrigins = List.copyOf(threadOrigins);
        deployments = List.copyOf(deployments);
        gcRoots = List.copyOf(gcRoots);
        histogram = List.copyOf(histogram);
    }
}
