package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vigil.it.churn.ChurnServlet;

/**
 * Vigil must never hurt the server it watches. On a server of its own (the shipped configuration, a 256 MB G1 heap):
 * <ul>
 * <li>a busy server that is not leaking, churn.war's 110 MB cache replaced at 100 MB/s, reads 65-97 % after its young
 * collections and far less after a full one. Before the watermark waited for a level to hold, it made 2,565 moves in
 * two minutes there, 854 into CRITICAL, each a forced full GC for the class histogram;</li>
 * <li>an idle server whose leak was released: G1's concurrent cycle frees the old generation without a collection
 * notification on JDK 17, and no collection comes while no request does. Before the watermark also judged the usage
 * of the moment, it stayed in WARNING or CRITICAL for minutes.</li>
 * </ul>
 * {@code -XX:+ExplicitGCInvokesConcurrent} makes hoard.war's {@code System.gc()} start that concurrent cycle, as a
 * busy moment would; full collections come from the class histogram (DiagnosticCommand over remote JMX).
 */
class BusyServerIT {

    /** Every port stays below 32768, where Linux's ephemeral ports begin. */
    private static final int OFFSET = 21600;
    private static final String CHURN_WAR = "churn.war";
    private static final Duration CHURN = Duration.ofSeconds(120);
    private static final int CACHE_MB = 110;
    /** The churn's two rates, a minute each: MB of the cache replaced a second. */
    private static final int SLOW_RATE = 30;
    private static final int FAST_RATE = 100;
    /** "At most a handful of moves" in two minutes of churn. */
    private static final int MOST_MOVES = 3;
    private static final String JAVA_OPTS = "-Xms64m -Xmx256m -XX:+UseG1GC -XX:+ExplicitGCInvokesConcurrent -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m "
            + "-Djava.net.preferIPv4Stack=true -Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true";
    private static final ObjectName WATERMARK = RemoteJmx.name(ServerAddress.WATERMARK_MBEAN);
    private static final ObjectName FULL_COLLECTOR = RemoteJmx.name(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",name=G1 Old Generation");
    private static final ObjectName YOUNG_COLLECTOR = RemoteJmx.name(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",name=G1 Young Generation");
    /** The causes of the full collections Vigil's actions force: the class histogram and a live dump. */
    private static final Set<String> FORCED_CAUSES = Set.of("Heap Inspection Initiated GC", "Heap Dump Initiated GC");
    private static final ObjectName DIAGNOSTICS = RemoteJmx.name("com.sun.management:type=DiagnosticCommand");

    private static ServerProcess server;
    private static WatermarkManagement watermark;
    private static RemoteJmx.Subscription jmx;

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("vigil.guard.home"));
        Path base = ServerProcess.freshBase(home, "busy-base");
        Path deployments = base.resolve("deployments");
        Hoard.deployment().as(ZipExporter.class).exportTo(deployments.resolve(Hoard.WAR).toFile(), true);
        ShrinkWrap.create(WebArchive.class, CHURN_WAR).addClass(ChurnServlet.class).as(ZipExporter.class)
                .exportTo(deployments.resolve(CHURN_WAR).toFile(), true);
        server = ServerProcess.start("server-busy", home, OFFSET, Map.of("JAVA_OPTS", JAVA_OPTS), "-Djboss.server.base.dir=" + base);
        server.awaitRunning();
        watermark = new WatermarkManagement(server.managementPort());
        jmx = RemoteJmx.subscribe(server.managementPort(), WATERMARK);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (jmx != null) {
                jmx.close();
            }
            if (watermark != null) {
                watermark.close();
            }
        } finally {
            server.close();
        }
    }

    /**
     * Two minutes of churn in two regimes, one minute each: at 30 MB/s young collections swing between 65 and 90 % and
     * G1 keeps up; at 100 MB/s G1 also runs out of room and runs full collections of its own (about one every 2 s),
     * which read what is live. (Until issue 16 each rate had two minutes of its own, from NORMAL: the same verdicts,
     * two more minutes on each JDK.)
     */
    @Test
    void aBusyServerThatDoesNotLeakSettlesInOneStateWithoutForcedCollections() throws Exception {
        settleInNormal();
        MBeanServerConnection mbeans = jmx.mbeans;
        int movesBefore = jmx.notifications.size();
        long youngBefore = collections(YOUNG_COLLECTOR);
        List<String> fullCollections = new CopyOnWriteArrayList<>();
        NotificationListener full = (notification, handback) -> fullCollections.add(
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcCause());
        mbeans.addNotificationListener(FULL_COLLECTOR, full, null, null);
        List<Double> percents = new ArrayList<>();
        long faster = System.nanoTime() + CHURN.dividedBy(2).toNanos();
        long end = System.nanoTime() + CHURN.toNanos();
        boolean[] fast = { false };
        try {
            assertTrue(get("churn/churn?start=" + CACHE_MB + "&rate=" + SLOW_RATE).startsWith("running=true"));
            // Two minutes of churn, the watermark's usage read every second; the second minute at the fast rate.
            await("two minutes of churn").atMost(CHURN.plusSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                percents.add((Double) mbeans.getAttribute(WATERMARK, "UsagePercent"));
                if (!fast[0] && System.nanoTime() - faster >= 0) {
                    assertTrue(get("churn/churn?rate=" + FAST_RATE).startsWith("running=true"), "the churn goes on at " + FAST_RATE + " MB/s");
                    fast[0] = true;
                }
                return System.nanoTime() - end >= 0;
            });
            assertTrue(fast[0], "the second minute ran at " + FAST_RATE + " MB/s");
        } finally {
            get("churn/churn?stop");
            mbeans.removeNotificationListener(FULL_COLLECTOR, full);
        }
        List<String> moves = jmx.notifications.subList(movesBefore, jmx.notifications.size()).stream().map(BusyServerIT::describe)
                .collect(Collectors.toList());
        long young = collections(YOUNG_COLLECTOR) - youngBefore;
        long forced = fullCollections.stream().filter(FORCED_CAUSES::contains).count();
        double highest = percents.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double lowest = percents.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        // For the README: what the busy server looked like.
        Map<String, Long> fullByCause = fullCollections.stream().collect(Collectors.groupingBy(cause -> cause, Collectors.counting()));
        System.out.printf("churn at %d then %d MB/s: %d young collections, full collections %s, usage-percent seen %.1f-%.1f, moves %s, state %s%n",
                SLOW_RATE, FAST_RATE, young,
                fullByCause, lowest, highest, moves, watermark.state());
        assertAll("two minutes of churn: moves " + moves + ", full collections " + fullByCause,
                () -> assertTrue(young > 200, "the churn kept the young collector busy: " + young + " collections"),
                () -> assertTrue(highest >= 70, "young collections read at least the warning level at times: " + highest + " %"),
                () -> assertTrue(moves.size() <= MOST_MOVES, "at most " + MOST_MOVES + " moves: " + moves),
                () -> assertTrue(forced <= 1, "at most one full collection forced by Vigil (a histogram or a dump): " + fullByCause));
    }

    @Test
    void anIdleServerReturnsToNormalOnceItsReleasedLeakIsFreed() throws Exception {
        settleInNormal();
        ModelNode now = watermark.readResource();
        long megabytes = (long) (now.get("max").asLong() * 0.77 - now.get("after-gc-used").asLong()) / (1024 * 1024);
        get("hoard/hoard?add=" + megabytes);
        fullCollection();
        await("WARNING with the leak held").atMost(Duration.ofSeconds(30)).until(watermark::state, "WARNING"::equals);

        // Released, and a concurrent cycle started (System.gc() with ExplicitGCInvokesConcurrent): its young pause still
        // counts the hoard; the regions it frees later come with no notification. Then nothing happens: the server idles.
        int movesBefore = jmx.notifications.size();
        get("hoard/hoard?release&gc");

        // Waits on the notifications the server pushes, not on requests: a poll of the management API every 100 ms
        // would itself allocate enough to bring a young collection sooner than an idle server would.
        await("NORMAL again, on an idle server").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> jmx.notifications.subList(movesBefore, jmx.notifications.size()).stream()
                        .anyMatch(n -> "NORMAL".equals(((CompositeData) n.getUserData()).get("to"))));
        ModelNode crossing = watermark.readAttribute("last-crossing");
        // JDK 17's G1 tells of no collection when its concurrent cycle frees the old generation: only the usage of the
        // moment can prove the heap free. From JDK 20 the cycle has a notification of its own, "G1 Concurrent GC"
        // (JDK-8297247), and Vigil may move back on it, whichever of the two comes first.
        String cause = crossing.get("cause").asString();
        boolean concurrentCycleNotifies = serverJavaFeatureVersion() >= 20;
        assertAll("the move back: " + crossing,
                () -> assertEquals("WARNING", crossing.get("from").asString()),
                () -> assertTrue(cause.startsWith("sample") || (concurrentCycleNotifies && cause.startsWith("G1 Concurrent GC")),
                        concurrentCycleNotifies ? "proved by the usage of the moment or by G1's concurrent cycle"
                                : "proved by the usage of the moment, not a collection"),
                () -> assertTrue(crossing.get("usage-percent").asDouble() < 65, "below warning's exit point"));
    }

    /** Whatever the test before left: no churn, no hoard, a full collection, NORMAL. */
    private static void settleInNormal() throws Exception {
        // An idle server is idle of Vigil's work too: the report of a dump the churn took is made in a child JVM,
        // but the server reads its suspect 1 back when it is done, and that allocation could bring a young collection.
        try (HeapDumps dumps = new HeapDumps(server.managementPort())) {
            await("no dump being analysed").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> dumps.result(Operations.createOperation("list-dumps", HeapDumps.ADDRESS)).asList().stream()
                            .noneMatch(dump -> dump.get("analysis").asString("").matches("queued|running")));
        }
        get("churn/churn?stop");
        get("hoard/hoard?release");
        fullCollection();
        await("NORMAL to begin with").atMost(Duration.ofSeconds(30)).until(watermark::state, "NORMAL"::equals);
    }

    private static void fullCollection() throws Exception {
        // GC.class_histogram: a full collection whatever ExplicitGCInvokesConcurrent says
        jmx.mbeans.invoke(DIAGNOSTICS, "gcClassHistogram", new Object[] { new String[0] }, new String[] { String[].class.getName() });
    }

    /** The server's Java, 17 or 25: its RuntimeMXBean's specification version, read over remote JMX. */
    private static int serverJavaFeatureVersion() throws Exception {
        String version = (String) jmx.mbeans.getAttribute(RemoteJmx.name(ManagementFactory.RUNTIME_MXBEAN_NAME), "SpecVersion");
        return Integer.parseInt(version.replaceFirst("^1\\.", "").replaceFirst("\\..*", ""));
    }

    private static long collections(ObjectName collector) throws Exception {
        return (Long) jmx.mbeans.getAttribute(collector, "CollectionCount");
    }

    private static String describe(Notification notification) {
        CompositeData data = (CompositeData) notification.getUserData();
        return data.get("from") + "->" + data.get("to") + " at " + data.get("usagePercent") + " % (" + data.get("cause") + ")";
    }

    private static String get(String path) {
        return Http.get("http://" + ServerAddress.HOST + ":" + (ServerProcess.HTTP_PORT + OFFSET) + "/" + path).trim();
    }
}
