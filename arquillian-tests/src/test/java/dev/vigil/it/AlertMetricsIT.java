package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The numbers operations teams alert on, on a server of this class's own (offset 20300, a 256 MB heap, hoard.war and
 * relay.war):
 * every Vigil series at {@code :9990/metrics} with its Prometheus type and the value the management API gives, moved
 * by what moves it (relay.war's threads, then its undeployment while they live; the hoard over a lowered warning level;
 * a dump-heap refused within min-interval; a contender's trace), then the same numbers through micrometer's Prometheus registry, which the setup adds through the management
 * API beside the metrics subsystem (they coexist; micrometer needs a reload to start).
 * <p>
 * The tests are the steps of one story on one server, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertMetricsIT {

    /** Every port stays below 32768, where Linux's ephemeral ports begin. */
    private static final int OFFSET = 20300;
    /**
     * WildFly's own JAVA_OPTS, without the documented workaround for micrometer (com.sun.management among the system
     * packages): WildFly 39's io.micrometer module does not import jdk.management, so micrometer's GC listener fails
     * with NoClassDefFoundError on every collection, and the JVM then stops delivering that notification to the
     * listeners after it. The watermark must still move (it reads the collectors itself, VIGIL0109).
     */
    private static final String JAVA_OPTS = "-Xms64m -Xmx256m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -Djava.net.preferIPv4Stack=true "
            + "-Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true";
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(60);
    /** The context the test gives micrometer's Prometheus registry on the management interface. */
    private static final String MICROMETER_CONTEXT = "/prometheus";
    private static final String RELAY_WAR = "relay.war";
    private static final int RELAY_THREADS = 8;

    private static final ModelNode CENSUS = Operations.createAddress("subsystem", "vigil", "service", "thread-census");
    private static final ModelNode GUARD = Operations.createAddress("subsystem", "vigil", "service", "instance-guard");

    /** Vigil's alert series: WildFly's name, its type, the resource's label, the attribute it comes from and micrometer's name and labels. */
    private record Series(String name, String type, String label, ModelNode address, String attribute, String micrometer) {

        String sample() {
            return name + "{" + label + "}";
        }

        /** micrometer names a series for the attribute and the unit, without wildfly_; the resource is type and name. */
        String micrometerSample() {
            String[] typeAndName = label.replace("\"", "").split("=");
            return micrometer + "{app=\"wildfly\",deployment=\"\",name=\"" + typeAndName[1] + "\",subdeployment=\"\",type=\"" + typeAndName[0] + "\"}";
        }
    }

    private static final List<Series> SERIES = List.of(
            series("wildfly_vigil_level", "gauge", WatermarkManagement.ADDRESS, "level"),
            series("wildfly_vigil_duplicate", "gauge", GUARD, "duplicate"),
            series("wildfly_vigil_contenders_seen_total", "counter", GUARD, "contenders-seen"),
            series("wildfly_vigil_largest_origin_threads", "gauge", CENSUS, "largest-origin-threads"),
            series("wildfly_vigil_origins_over_warning_count", "gauge", CENSUS, "origins-over-warning-count"),
            series("wildfly_vigil_top_creator_threads", "gauge", CENSUS, "top-creator-threads"),
            series("wildfly_vigil_top_entry_threads", "gauge", CENSUS, "top-entry-threads"),
            series("wildfly_vigil_top_deployment_threads", "gauge", CENSUS, "top-deployment-threads"),
            series("wildfly_vigil_undeploy_leaks_total", "counter", CENSUS, "undeploy-leaks"),
            series("wildfly_vigil_undeployed_leaked_threads", "gauge", CENSUS, "undeployed-leaked-threads"),
            series("wildfly_vigil_dumps_refused_total", "counter", HeapDumps.ADDRESS, "dumps-refused"),
            series("wildfly_vigil_dumps_failed_total", "counter", HeapDumps.ADDRESS, "dumps-failed"));

    private static ServerProcess server;
    private static Management root;
    private static WatermarkManagement watermark;
    private static HeapDumps dumps;
    private static Hoard hoard;

    private static Series series(String name, String type, ModelNode address, String attribute) {
        List<org.jboss.dmr.Property> path = address.asPropertyList();
        org.jboss.dmr.Property last = path.get(path.size() - 1);
        return new Series(name, type, last.getName() + "=\"" + last.getValue().asString() + "\"", address, attribute, name.substring("wildfly_".length()));
    }

    @BeforeAll
    static void startWithMicrometer() throws IOException {
        String dir = System.getProperty("vigil.guard.home");
        if (dir == null) {
            throw new IllegalStateException("System property vigil.guard.home is not set (the failsafe configuration in pom.xml sets it)");
        }
        Path home = Path.of(dir);
        Path base = ServerProcess.freshBase(home, "alert-base");
        Hoard.deployment().as(ZipExporter.class).exportTo(base.resolve("deployments").resolve(Hoard.WAR).toFile(), true);
        DumpReportIT.relayWar().as(ZipExporter.class).exportTo(base.resolve("deployments").resolve(RELAY_WAR).toFile(), true);
        server = ServerProcess.start("server-alert", home, OFFSET, Map.of("JAVA_OPTS", JAVA_OPTS), "-Djboss.server.base.dir=" + base);
        server.awaitRunning();
        root = new Management(new ModelNode().setEmptyList(), server.managementPort());
        watermark = new WatermarkManagement(server.managementPort());
        dumps = new HeapDumps(server.managementPort());
        hoard = new Hoard(new URL("http://" + ServerAddress.HOST + ":" + (ServerProcess.HTTP_PORT + OFFSET) + "/hoard"));

        // micrometer as WildFly 39 has it: the extension, the subsystem, a Prometheus registry served on the management
        // interface; it starts at the reload and registers the metrics of the resources that exist then.
        root.result(Operations.createAddOperation(Operations.createAddress("extension", "org.wildfly.extension.micrometer")));
        root.result(Operations.createAddOperation(Operations.createAddress("subsystem", "micrometer")));
        ModelNode registry = Operations.createAddOperation(Operations.createAddress("subsystem", "micrometer", "registry", "prometheus"));
        registry.get("context").set(MICROMETER_CONTEXT);
        registry.get("security-enabled").set(false);
        root.result(registry);
        root.reload();
        // No analysis of the test's dump: the analyzer's child JVM would want far more memory than the test needs.
        assertTrue(Operations.isSuccessfulOutcome(dumps.writeAttribute("analyze", new ModelNode(false))), "analyze=false");
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (hoard != null) {
                hoard.releaseAndCollect();
            }
        } catch (RuntimeException alreadyDown) {
            // the server may be gone already
        } finally {
            try {
                for (Management client : new Management[] { dumps, watermark, root }) {
                    if (client != null) {
                        client.close();
                    }
                }
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void everyAlertSeriesIsAtMetricsWithItsTypeAndTheManagementApisValue() {
        Page metrics = metrics();
        assertAll(SERIES.stream().map(series -> () -> assertEquals(series.type(), metrics.types.get(series.name()), "# TYPE of " + series.name())));
        // At rest: NORMAL, alone, nothing refused, failed or leaked, no origin over origin-warning (500).
        for (String atRest : List.of("wildfly_vigil_level", "wildfly_vigil_duplicate", "wildfly_vigil_contenders_seen_total",
                "wildfly_vigil_dumps_refused_total", "wildfly_vigil_dumps_failed_total", "wildfly_vigil_undeploy_leaks_total",
                "wildfly_vigil_undeployed_leaked_threads", "wildfly_vigil_origins_over_warning_count")) {
            assertEquals(0.0, metrics.value(seriesNamed(atRest).sample()), atRest + " at rest");
        }
        assertEachSeriesIsTheManagementApisValue();
    }

    @Test
    @Order(2)
    void theRelaysThreadsAreTheTopOriginsAndUndeployingItLeavesThemCountedAsALeak() {
        assertEquals("started " + RELAY_THREADS, Http.get(relay("threads=" + RELAY_THREADS + "&kib=32")).trim());

        // A census every 10 s; each scrape reads the attributes one by one, so until one scrape shows them all.
        await("the relay's threads top every group").atMost(MOVE_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Page metrics = metrics();
            double creator = metrics.value(seriesNamed("wildfly_vigil_top_creator_threads").sample());
            double entry = metrics.value(seriesNamed("wildfly_vigil_top_entry_threads").sample());
            double deployment = metrics.value(seriesNamed("wildfly_vigil_top_deployment_threads").sample());
            String vigil = String.join("\n", metrics.vigil());
            assertAll(
                    () -> assertTrue(creator >= RELAY_THREADS, "top-creator-threads: the JSP started them (tracked since boot)\n" + vigil),
                    () -> assertTrue(entry >= RELAY_THREADS, "top-entry-threads: they run the JSP's Runnable\n" + vigil),
                    // request workers created during a relay request keep its class loader while idle: at least the relay's own
                    () -> assertTrue(deployment >= RELAY_THREADS, "top-deployment-threads: deployment.relay.war\n" + vigil),
                    () -> assertEquals(Math.max(creator, Math.max(entry, deployment)), metrics.value(seriesNamed("wildfly_vigil_largest_origin_threads").sample()),
                            "largest-origin-threads is the largest of the three\n" + vigil));
        });

        root.result(Operations.createOperation("undeploy", Operations.createAddress("deployment", RELAY_WAR))); // its threads wait on the gate

        await("the undeployment counted as a leak").atMost(MOVE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> metrics().value(seriesNamed("wildfly_vigil_undeploy_leaks_total").sample()) == 1.0);
        double leaked = metrics().value(seriesNamed("wildfly_vigil_undeployed_leaked_threads").sample());
        assertTrue(leaked >= RELAY_THREADS, "undeployed-leaked-threads: the relay's threads at least, " + leaked);
        assertEachSeriesIsTheManagementApisValue();
    }

    @Test
    @Order(3)
    void levelIsOneOnceTheHoardDrivesTheWatermarkOverWarning() {
        hoard.collect();
        ModelNode now = watermark.readResource();
        int usage = (int) Math.ceil(now.get("usage-percent").asDouble());
        int warning = usage + 10; // about 26 MB above the heap in use after GC: cheap to hoard
        assertTrue(Operations.isSuccessfulOutcome(watermark.writeAttribute("critical", new ModelNode(95))), "critical=95");
        assertTrue(Operations.isSuccessfulOutcome(watermark.writeAttribute("warning", new ModelNode(warning))), "warning=" + warning);
        assertEquals(0.0, metrics().value(seriesNamed("wildfly_vigil_level").sample()), "still NORMAL under the lowered level: " + now);

        hoard.addAndCollect(hoard.megabytesToReach(watermark, warning + 5));

        await("level 1 at /metrics").atMost(MOVE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> metrics().value(seriesNamed("wildfly_vigil_level").sample()) == 1.0);
        assertEquals("WARNING", watermark.state());
        // Writing the levels restarted the watermark, so its GC listener now comes after micrometer's, which throws
        // NoClassDefFoundError on the JVM's notification thread (silently: HotSpot logs nothing).
        assertTrue(watermark.readResource().get("last-crossing").get("cause").asString().contains("read by the sampler: no notification came"),
                "the move came from the collectors' own last collection: " + watermark.readResource().get("last-crossing"));
        await("VIGIL0109 once a few collections came without their notification").atMost(MOVE_TIMEOUT).pollInterval(Duration.ofMillis(1500))
                .until(() -> {
                    hoard.collect();
                    return server.log().contains("VIGIL0109: Watermark 'heap': the JVM's notifications of collections by 'G1 Old Generation'");
                });
        assertEquals(1, server.log().split("VIGIL0109: Watermark 'heap': the JVM's notifications of collections by 'G1 Old Generation'", -1).length - 1,
                "reported once for the collector");
    }

    @Test
    @Order(4)
    void aDumpHeapWithinMinIntervalCountsOneRefusal() {
        ModelNode written = dumps.execute(dumps.dumpHeapOperation(true, false));
        assertTrue(Operations.isSuccessfulOutcome(written), "the first dump-heap: " + written);
        ModelNode refused = dumps.execute(dumps.dumpHeapOperation(true, false));
        assertFalse(Operations.isSuccessfulOutcome(refused), "the second, within min-interval=10: " + refused);
        assertTrue(Operations.getFailureDescription(refused).asString().contains("min-interval"), refused.toString());

        Page metrics = metrics();
        assertAll(
                () -> assertEquals(1.0, metrics.value("wildfly_vigil_dumps_taken_total{service=\"heap-dumps\"}"), "dumps-taken"),
                () -> assertEquals(1.0, metrics.value(seriesNamed("wildfly_vigil_dumps_refused_total").sample()), "dumps-refused"),
                () -> assertEquals(0.0, metrics.value(seriesNamed("wildfly_vigil_dumps_failed_total").sample()), "dumps-failed"));
    }

    @Test
    @Order(5)
    void aContendersTraceFoundByCheckNowCountsOneContender() throws IOException {
        try (Management guard = new Management(GUARD, server.managementPort())) {
            Path lock = Path.of(guard.readAttribute("lock-files").asList().get(0).asString());
            // The trace a second server leaves beside the lock it found taken (InstanceGuardIT starts real ones): this test is that contender.
            long pid = ProcessHandle.current().pid();
            Files.writeString(lock.resolveSibling("vigil.contender-" + pid), "pid=" + pid + "\nhost=" + java.net.InetAddress.getLocalHost().getHostName()
                    + "\nstarted=" + Instant.now() + "\ntime=" + Instant.now() + "\nshared-dirs=" + lock.getParent() + "\nshared-ports=\non-duplicate=fail\n",
                    StandardCharsets.UTF_8);

            guard.result(Operations.createOperation("check-now", GUARD));

            assertEquals(1.0, metrics().value(seriesNamed("wildfly_vigil_contenders_seen_total").sample()));
            assertEquals(0.0, metrics().value(seriesNamed("wildfly_vigil_duplicate").sample()), "a contender that stopped is no duplicate");
        }
    }

    @Test
    @Order(6)
    void micrometersPrometheusEndpointHasTheSameNumbers() {
        Page micrometer = micrometer();
        assertAll(SERIES.stream().map(series -> () -> assertEquals(series.type(), micrometer.types.get(series.micrometer()), "# TYPE of " + series.micrometer())));
        // Census numbers may change between the two scrapes: until one pair of scrapes agrees on every series.
        await("the same numbers at /metrics and at micrometer's " + MICROMETER_CONTEXT).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Page metrics = metrics();
                    Page again = micrometer();
                    assertAll(SERIES.stream().map(series -> () -> assertEquals(metrics.value(series.sample()), again.value(series.micrometerSample()),
                            series.micrometerSample() + " against " + series.sample())));
                });
        assertAll(
                () -> assertEquals(1.0, micrometer.value(seriesNamed("wildfly_vigil_level").micrometerSample()), "WARNING, as the step before left it"),
                () -> assertEquals(1.0, micrometer.value(seriesNamed("wildfly_vigil_dumps_refused_total").micrometerSample()), "dumps-refused"),
                () -> assertEquals(1.0, micrometer.value(seriesNamed("wildfly_vigil_contenders_seen_total").micrometerSample()), "contenders-seen"),
                () -> assertEquals(1.0, micrometer.value(seriesNamed("wildfly_vigil_undeploy_leaks_total").micrometerSample()), "undeploy-leaks"));
        System.out.println("micrometer's Vigil series at " + MICROMETER_CONTEXT + ":\n" + String.join("\n", micrometer.vigil()));
    }

    /** Each series at /metrics as the management API reads its attribute, until both agree (census values move at each census). */
    private static void assertEachSeriesIsTheManagementApisValue() {
        await("/metrics and the management API agree").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Page metrics = metrics();
            assertAll(SERIES.stream().map(series -> () -> {
                try (Management resource = new Management(series.address(), server.managementPort())) {
                    assertEquals(resource.readAttribute(series.attribute()).asDouble(), metrics.value(series.sample()), series.sample());
                }
            }));
        });
    }

    private static Series seriesNamed(String name) {
        return SERIES.stream().filter(series -> series.name().equals(name)).findFirst().orElseThrow();
    }

    private static String relay(String query) {
        return "http://" + ServerAddress.HOST + ":" + (ServerProcess.HTTP_PORT + OFFSET) + "/relay/relay.jsp?" + query;
    }

    private static Page metrics() {
        return Page.of(Http.get("http://" + ServerAddress.HOST + ":" + server.managementPort() + "/metrics"));
    }

    private static Page micrometer() {
        return Page.of(Http.get("http://" + ServerAddress.HOST + ":" + server.managementPort() + MICROMETER_CONTEXT));
    }

    /** A Prometheus text page: each sample's value by name and labels as written, each name's # TYPE. */
    private record Page(Map<String, Double> samples, Map<String, String> types, List<String> lines) {

        static Page of(String text) {
            Map<String, Double> samples = new LinkedHashMap<>();
            Map<String, String> types = new LinkedHashMap<>();
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ");
                    types.put(parts[2], parts[3]);
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    int space = line.lastIndexOf(' ');
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                }
                lines.add(line);
            }
            return new Page(samples, types, lines);
        }

        double value(String sample) {
            Double value = samples.get(sample);
            if (value == null) {
                throw new AssertionError(sample + " is not on the page; Vigil's lines there: " + vigil());
            }
            return value;
        }

        List<String> vigil() {
            return lines.stream().filter(line -> line.contains("vigil_") && !line.startsWith("# HELP")).toList();
        }
    }

    static {
        assertFalse(OFFSET + ServerProcess.MANAGEMENT_PORT >= 32768, "ports below 32768");
    }
}
