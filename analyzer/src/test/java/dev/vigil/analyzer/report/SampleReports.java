package dev.vigil.analyzer.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-made reports for the tests, shaped like what the analyzer finds in shop.war's relay leak: 200 {@code relay-N}
 * threads keeping 71.9 % of a 250 MiB heap, a static HashMap, and a thread with a hostile name.
 */
public final class SampleReports {

    public static final long HEAP = 250L * 1024 * 1024;
    public static final String HOSTILE_THREAD = "<script>alert(1)</script>";
    public static final String RELAY_DESCRIPTION = "200 threads of org.apache.jsp.relay_jsp$1 (created by org.apache.jsp.relay_jsp, "
            + "deployment.shop.war) keep 179.8 MiB alive, 71.9 % of the heap.";
    public static final String MAP_DESCRIPTION = "One java.util.HashMap, held by the static field org.apache.jsp.cache_jsp.SESSIONS "
            + "(deployment.shop.war), keeps 31.3 MiB alive, 12.5 % of the heap.";
    public static final String EXPORT_DESCRIPTION = "One byte[] of 12.0 MiB, held by a local of thread " + HOSTILE_THREAD
            + " (com.example.report.Exporter$Worker, deployment.report.war), keeps 12.0 MiB alive, 4.8 % of the heap.";

    private SampleReports() {
    }

    static long share(double percent) {
        return Math.round(HEAP * percent / 100);
    }

    public static final ThreadOriginRow RELAY = new ThreadOriginRow("org.apache.jsp.relay_jsp$1", "org.apache.jsp.relay_jsp", "deployment.shop.war",
            200, share(71.9), 71.9, List.of("relay-0", "relay-1", "relay-2"));
    public static final ThreadOriginRow EXPORTER = new ThreadOriginRow("com.example.report.Exporter$Worker",
            "com.example.report.ExportServlet.doPost", "deployment.report.war", 1, share(4.8), 4.8, List.of(HOSTILE_THREAD));

    public static List<ThreadOriginRow> origins() {
        return List.of(RELAY, EXPORTER,
                new ThreadOriginRow("org.jboss.threads.EnhancedQueueExecutor$ThreadBody", ThreadOriginRow.UNKNOWN, "server", 48, share(1.3), 1.3,
                        List.of("default task-1", "default task-2", "default task-3")),
                new ThreadOriginRow("com.example.shop.CartCleaner", "com.example.shop.StartupListener.contextInitialized", "deployment.shop.war", 1,
                        share(0.6), 0.6, List.of("cart-cleaner")),
                new ThreadOriginRow("java.lang.Thread", ThreadOriginRow.UNKNOWN, "server", 23, share(0.2), 0.2,
                        List.of("Reference Handler", "Finalizer", "Signal Dispatcher")),
                new ThreadOriginRow("org.xnio.nio.WorkerThread", ThreadOriginRow.UNKNOWN, "server", 8, share(0.1), 0.1,
                        List.of("default I/O-1", "default I/O-2", "default I/O-3")));
    }

    public static List<Suspect> suspects() {
        Suspect relay = new Suspect(1, Suspect.THREADS, RELAY_DESCRIPTION, share(71.9), 71.9, "org.apache.jsp.relay_jsp$1", "deployment.shop.war",
                RELAY,
                List.of("Thread relay-17 (stack local)", "relay_jsp$1.val$env", "relay_jsp$Envelope.parts", "Object[]", "byte[]"),
                200, 412_000,
                List.of(new HistogramRow("byte[]", "jdk", 201_400, share(66.0)),
                        new HistogramRow("org.apache.jsp.relay_jsp$Envelope", "deployment.shop.war", 200, 6_400),
                        new HistogramRow("java.lang.Object[]", "jdk", 200, 3_300_000),
                        new HistogramRow("java.lang.Thread", "jdk", 200, 28_800),
                        new HistogramRow("org.apache.jsp.relay_jsp$1", "deployment.shop.war", 200, 4_800)));
        Suspect map = new Suspect(2, Suspect.OBJECT, MAP_DESCRIPTION, share(12.5), 12.5, "java.util.HashMap", "jdk", null,
                List.of("Class org.apache.jsp.cache_jsp (sticky class)", "cache_jsp.SESSIONS", "HashMap"), 1_204, 389_102,
                List.of(new HistogramRow("java.util.HashMap$Node", "jdk", 129_700, 4_150_400),
                        new HistogramRow("java.lang.String", "jdk", 129_700, 3_112_800),
                        new HistogramRow("byte[]", "jdk", 129_700, 24_000_000),
                        new HistogramRow("com.example.shop.session.CartSnapshot", "deployment.shop.war", 1_000, 48_000)));
        Suspect export = new Suspect(3, Suspect.OBJECT, EXPORT_DESCRIPTION, share(4.8), 4.8, "byte[]", "jdk", EXPORTER,
                List.of("Thread " + HOSTILE_THREAD + " (stack local)", "Exporter$Worker.buffer", "byte[]"), 201_400, 1,
                List.of(new HistogramRow("byte[]", "jdk", 1, share(4.8))));
        return List.of(relay, map, export);
    }

    public static List<DeploymentRow> deployments() {
        return List.of(new DeploymentRow("deployment.shop.war", share(86.1), 86.1, 414_000, share(3.0), 212),
                new DeploymentRow("jdk", share(6.2), 6.2, 1_630_000, share(88.0), 2_840),
                new DeploymentRow("server", share(3.9), 3.9, 980_000, share(7.5), 9_120),
                new DeploymentRow("deployment.report.war", share(3.1), 3.1, 2_100, share(0.1), 37),
                new DeploymentRow("deployment.legacy-administration-console.ear.admin-web-ui-with-a-long-name.war", share(0.4), 0.4, 800,
                        share(0.02), 410));
    }

    public static List<GcRootRow> gcRoots() {
        return List.of(new GcRootRow("java frame", 3_410, share(74.2)), new GcRootRow("sticky class", 2_920, share(14.1)),
                new GcRootRow("thread object", 283, share(1.1)), new GcRootRow("JNI global", 412, share(0.3)),
                new GcRootRow("monitor used", 19, 2_048), new GcRootRow("JNI local", 14, 1_200), new GcRootRow("native stack", 6, 512),
                new GcRootRow("thread block", 3, 0), new GcRootRow("unknown", 1, 0));
    }

    public static List<HistogramRow> histogram() {
        List<HistogramRow> rows = new ArrayList<>();
        rows.add(new HistogramRow("byte[]", "jdk", 335_000, share(72.4)));
        rows.add(new HistogramRow("java.lang.Object[]", "jdk", 61_000, share(5.1)));
        rows.add(new HistogramRow("java.util.HashMap$Node", "jdk", 221_000, share(2.7)));
        rows.add(new HistogramRow("java.lang.String", "jdk", 298_000, share(2.7)));
        rows.add(new HistogramRow("com.example.shop.catalogue.persistence.ProductVariantAttributeValueTranslationRecord$Builder$Snapshot",
                "deployment.shop.war", 40_000, share(1.2)));
        long shallow = share(1.0);
        for (int i = rows.size(); i < Report.HISTOGRAM_ROWS; i++) {
            String deployment = i % 3 == 0 ? "server" : i % 3 == 1 ? "jdk" : "deployment.shop.war";
            String name = deployment.equals("jdk") ? "java.util.concurrent.Type" + i
                    : deployment.equals("server") ? "org.jboss.as.server.Type" + i : "com.example.shop.Type" + i;
            rows.add(new HistogramRow(name, deployment, 10_000 - i * 90L, shallow));
            shallow = shallow * 95 / 100;
        }
        return rows;
    }

    public static Report relayLeak() {
        return new Report("shop-server-4711-20261201T235812.hprof", 287_309_824L, Instant.parse("2026-12-01T23:58:12Z"),
                Instant.parse("2026-12-01T23:59:03.250Z"), 41_250, HEAP, 3_456_789, 12_582_912, 98_304, 12_609, "shop-server-4711-20261201T235812.threads.txt",
                suspects(), origins(), deployments(), gcRoots(), histogram());
    }

    /** A dump with nothing to suspect and no census companion. */
    public static Report quiet() {
        return new Report("idle.hprof.gz", 20_000_000, Instant.parse("2026-12-01T08:00:00Z"), Instant.parse("2026-12-01T08:00:05Z"), 5_000,
                40L * 1024 * 1024, 400_000, 0, 0, 6_000, null, List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
