package dev.vigil.analyzer.report;

import java.util.List;

/**
 * Threads of one origin, as the thread census names origins, and the heap they keep alive together: their
 * {@code Thread} objects and their stacks' locals, and whatever only those keep (shared among them or not).
 *
 * @param entry           the class whose code the threads run (the first frame outside the JDK's and the server's
 *                        packages from the bottom of the stack, else the {@code Thread} subclass, else {@code unknown})
 * @param creator         the application frame that started them, from the census companion; {@code unknown} without one
 * @param deployment      the deployment of their context class loader ({@code deployment.shop.war}), else {@code server}
 * @param threads         how many threads
 * @param retainedBytes   the heap they keep alive together
 * @param retainedPercent of {@link Report#heapBytes()}
 * @param sampleThreads   up to 3 thread names
 */
public record ThreadOriginRow(String entry, String creator, String deployment, int threads, long retainedBytes, double retainedPercent,
        List<String> sampleThreads) {

    public static final String UNKNOWN = "unknown";

    public ThreadOriginRow {
        sampleThreads = List.copyOf(sampleThreads);
    }
}
