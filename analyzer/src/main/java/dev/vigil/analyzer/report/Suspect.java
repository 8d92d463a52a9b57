package dev.vigil.analyzer.report;

import java.util.List;

/**
 * One thing that keeps a share of the heap alive: a group of threads of one origin, or one object (a dominator).
 *
 * @param rank            1 for the first suspect
 * @param kind            {@link #THREADS} or {@link #OBJECT}
 * @param description     one plain sentence that names it, how much it keeps and how it is held, e.g.
 *                        {@code 200 threads of org.apache.jsp.relay_jsp$1 (created by org.apache.jsp.relay_jsp,
 *                        deployment.shop.war) keep 180.2 MiB alive, 71.9 % of the heap.}
 * @param retainedBytes   the heap freed if it went away
 * @param retainedPercent of {@link Report#heapBytes()}, one decimal
 * @param className       the object's class; for threads, the threads' entry class
 * @param deployment      the deployment whose class loader loaded {@code className} ({@code deployment.shop.war}), else
 *                        the loader's name ({@code server}, {@code jdk}, ...)
 * @param threadOrigin    the threads' origin (kind threads), or the origin of the thread the path starts from (kind
 *                        object held by a thread); null if no thread holds it
 * @param path            the shortest path from a GC root, root first, e.g. {@code Thread relay-17 (stack local)},
 *                        {@code relay_jsp$1.val$env}, {@code relay_jsp$Envelope.parts}, {@code Object[]}, {@code byte[]}:
 *                        each element an object and the field (or array slot) through which the next is reached, the
 *                        last the suspect (for threads: the path to the largest object they keep)
 * @param instances       kind object: the instances of {@code className} in the heap; kind threads: the threads
 * @param retainedObjects how many objects it keeps alive
 * @param topClasses      the classes it keeps most of, by retained shallow bytes (at most 5)
 */
public record Suspect(int rank, String kind, String description, long retainedBytes, double retainedPercent, String className, String deployment,
        ThreadOriginRow threadOrigin, List<String> path, long instances, long retainedObjects, List<HistogramRow> topClasses) {

    /** The share of the heap (percent) from which a holder is a suspect; the ten largest objects are listed below it too. */
    public static final double SHARE_PERCENT = 10;

    public static final String THREADS = "threads";
    public static final String OBJECT = "object";

    public Suspect {
        path = List.copyOf(path);
        topClasses = List.copyOf(topClasses);
    }
}
