package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The incident Vigil exists for, on a 256 MB heap: hoard.war retains memory until the heap watermark (shipped
 * levels 70/85, measured after GC) moves NORMAL -> WARNING -> CRITICAL, then lets go and it falls back to NORMAL.
 * Each move must be seen the same way through every face of Vigil: the management API (jboss-cli's), remote JMX
 * (attributes and notifications), Jolokia, and WildFly's /metrics.
 * <p>
 * The tests are the steps of one story, so they run in order and share the hoard.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeapWatermarkIT {

    private static final long MIB = 1024 * 1024;
    private static final int WARNING = 70;
    private static final int CRITICAL = 85;
    /** Points below a level that usage must fall to leave it (HeapWatermark.HYSTERESIS). */
    private static final int HYSTERESIS = 5;
    /** Where each rise aims after GC: midway between the levels; then above critical, still short of OOME (design: 93% was fine). */
    private static final double WARNING_TARGET = 77.5;
    private static final double CRITICAL_TARGET = 89;

    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectName WATERMARK = RemoteJmx.name(ServerAddress.WATERMARK_MBEAN);


    private static WatermarkManagement management;
    private static RemoteJmx.Subscription jmx;
    private static MBeanServerConnection mbeans;
    private static long warningCrossingsBefore;
    private static long criticalCrossingsBefore;
    private static Hoard hoard;

    @ArquillianResource
    private URL hoardUrl;

    @Deployment(testable = false)
    static WebArchive hoardWar() {
        return Hoard.deployment();
    }

    @BeforeAll
    static void watchTheWatermark() throws Exception {
        management = new WatermarkManagement();
        jmx = RemoteJmx.subscribe(WATERMARK);
        mbeans = jmx.mbeans;
        // Other test classes share the server: count this story's crossings from here.
        ModelNode watermark = management.readResource();
        warningCrossingsBefore = watermark.get("warning-crossings").asLong();
        criticalCrossingsBefore = watermark.get("critical-crossings").asLong();
    }

    @BeforeEach
    void reachTheHoard() {
        hoard = new Hoard(hoardUrl);
    }

    @AfterAll
    static void releaseAndDisconnect() throws Exception {
        try {
            if (hoard != null) {
                hoard.releaseAndCollect(); // leave the heap as found, whatever step failed
            }
        } finally {
            try {
                jmx.close();
            } finally {
                management.close();
            }
        }
    }

    @Test
    @Order(1)
    void startsNormalWithTheShippedLevels() throws Exception {
        ModelNode watermark = management.readResource();
        assertAll(
                () -> assertEquals("NORMAL", watermark.get("state").asString(), "state"),
                () -> assertEquals(WARNING, watermark.get("warning").asInt(), "warning"),
                () -> assertEquals(CRITICAL, watermark.get("critical").asInt(), "critical"),
                () -> assertEquals("after-gc", watermark.get("measure").asString(), "measure"),
                () -> assertEquals(List.of("heap"), strings(watermark.get("pools")), "pools"),
                () -> assertEquals(256 * MIB, watermark.get("max").asLong(), "max: the heap's -Xmx from arquillian.xml"),
                () -> assertEquals("NORMAL", mbeans.getAttribute(WATERMARK, "State"), "JMX State"));
    }

    @Test
    @Order(2)
    void risesToWarningWhenAfterGcUsageReachesWarning() throws Exception {
        hoard.addAndCollect(megabytesToReach(WARNING_TARGET));

        awaitState("WARNING");
        assertMoveSeenEverywhere("NORMAL", "WARNING", 1, 0);
    }

    @Test
    @Order(3)
    void risesToCriticalWhenAfterGcUsageReachesCritical() throws Exception {
        hoard.addAndCollect(megabytesToReach(CRITICAL_TARGET));

        awaitState("CRITICAL");
        assertMoveSeenEverywhere("WARNING", "CRITICAL", 1, 1);
    }

    @Test
    @Order(4)
    void fallsBackToNormalWhenTheHoardIsReleased() throws Exception {
        hoard.releaseAndCollect();

        awaitState("NORMAL");
        assertMoveSeenEverywhere("CRITICAL", "NORMAL", 1, 1);
    }

    @Test
    @Order(5)
    void notifiesWarningThenCriticalThenNormalExactlyOnceEach() {
        List<String> expected = List.of("vigil.watermark.warning", "vigil.watermark.critical", "vigil.watermark.normal");
        // Held for a while, so a late duplicate would be caught.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30))
                .until(() -> jmx.notifications.stream().map(Notification::getType).collect(Collectors.toList()), equalTo(expected));

        assertAll(
                () -> assertNotification(jmx.notifications.get(0), "NORMAL", "WARNING"),
                () -> assertNotification(jmx.notifications.get(1), "WARNING", "CRITICAL"),
                () -> assertNotification(jmx.notifications.get(2), "CRITICAL", "NORMAL"),
                () -> assertTrue(jmx.notifications.get(0).getSequenceNumber() < jmx.notifications.get(1).getSequenceNumber()
                        && jmx.notifications.get(1).getSequenceNumber() < jmx.notifications.get(2).getSequenceNumber(), "sequence numbers rise"));
    }

    @Test
    @Order(6)
    void resetPeakLowersThePeakToTheUsageAfterRelease() throws Exception {
        ModelNode before = management.readResource();
        long max = before.get("max").asLong();
        long peakBefore = before.get("peak-used").asLong();
        assertTrue(peakBefore >= max * CRITICAL / 100, "the peak still holds the critical crossing: " + before);

        management.resetPeak();

        ModelNode after = management.readResource();
        long peakAfter = after.get("peak-used").asLong();
        assertAll(
                () -> assertTrue(peakAfter < max * (WARNING - HYSTERESIS) / 100, "peak-used after reset-peak: " + after),
                () -> assertTrue(peakAfter >= after.get("after-gc-used").asLong(), "peak-used is at least the last reading: " + after),
                () -> assertTrue(!Instant.parse(after.get("peak-time").asString()).isBefore(Instant.parse(before.get("peak-time").asString())),
                        "peak-time moves to the reset: " + before.get("peak-time") + " -> " + after.get("peak-time")),
                () -> assertTrue((Long) mbeans.getAttribute(WATERMARK, "PeakUsed") < peakBefore, "JMX PeakUsed"));
    }

    // ---- the story's means ----

    private long megabytesToReach(double percent) {
        return hoard.megabytesToReach(management, percent);
    }

    private void awaitState(String state) {
        await("state " + state).atMost(MOVE_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(management::state, equalTo(state));
    }

    /**
     * The move {@code from -> to} as each face reports it. Crossing counts are this story's, above what the server
     * had counted before it.
     */
    private void assertMoveSeenEverywhere(String from, String to, long warningCrossings, long criticalCrossings) throws Exception {
        long warnings = warningCrossingsBefore + warningCrossings;
        long criticals = criticalCrossingsBefore + criticalCrossings;

        ModelNode watermark = management.readResource();
        ModelNode crossing = watermark.get("last-crossing");
        // Printed to the test's output file (target/failsafe-reports): what each face said, for the README.
        System.out.printf("%s -> %s%n  read-resource: %s%n  Jolokia %s/State: %s%n  Jolokia %s/LastCrossing: %s%n  Jolokia %s: %s%n  /metrics: %s%n",
                from, to, watermark,
                ServerAddress.WATERMARK_MBEAN, Jolokia.readJson(ServerAddress.WATERMARK_MBEAN, "State"),
                ServerAddress.WATERMARK_MBEAN, Jolokia.readJson(ServerAddress.WATERMARK_MBEAN, "LastCrossing"),
                ServerAddress.WATERMARK_MODEL_MBEAN, Jolokia.readJson(ServerAddress.WATERMARK_MODEL_MBEAN, null),
                String.join("\n    ", Metrics.vigilLines()));
        assertAll("management API, read-resource(include-runtime): " + watermark,
                () -> assertEquals(to, watermark.get("state").asString(), "state"),
                () -> assertEquals(warnings, watermark.get("warning-crossings").asLong(), "warning-crossings"),
                () -> assertEquals(criticals, watermark.get("critical-crossings").asLong(), "critical-crossings"),
                () -> assertEquals(from, crossing.get("from").asString(), "last-crossing from"),
                () -> assertEquals(to, crossing.get("to").asString(), "last-crossing to"),
                () -> assertCrossingPercent(to, crossing.get("usage-percent").asDouble()),
                () -> assertEquals(watermark.get("max").asLong(), crossing.get("max").asLong(), "last-crossing max"),
                () -> assertTrue(!crossing.get("cause").asString().isEmpty(), "last-crossing cause"),
                () -> assertTrue(watermark.get("peak-used").asLong() >= crossing.get("used").asLong(), "peak-used covers the crossing"),
                () -> assertLivePercent(to, watermark.get("usage-percent").asDouble()));
        assertEquals(to, management.readAttribute("state").asString(), "read-attribute(name=state)");

        CompositeData jmxCrossing = (CompositeData) mbeans.getAttribute(WATERMARK, "LastCrossing");
        assertAll("remote JMX, " + WATERMARK,
                () -> assertEquals(to, mbeans.getAttribute(WATERMARK, "State"), "State"),
                () -> assertEquals(warnings, mbeans.getAttribute(WATERMARK, "WarningCrossings"), "WarningCrossings"),
                () -> assertEquals(criticals, mbeans.getAttribute(WATERMARK, "CriticalCrossings"), "CriticalCrossings"),
                () -> assertEquals(from, item(jmxCrossing, "from"), "LastCrossing from"),
                () -> assertEquals(to, item(jmxCrossing, "to"), "LastCrossing to"),
                () -> assertLivePercent(to, (Double) mbeans.getAttribute(WATERMARK, "UsagePercent")));
        // One move, one field list: jboss-cli's last-crossing carries what JMX's LastCrossing carries, value for value.
        assertEquals(jmxCrossing.getCompositeType().keySet().size(), crossing.keys().size(), "last-crossing " + crossing + " vs LastCrossing " + jmxCrossing);
        for (String item : jmxCrossing.getCompositeType().keySet()) {
            String field = item.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT); // usagePercent -> usage-percent
            assertEquals(String.valueOf(jmxCrossing.get(item)), crossing.get(field).asString(), "last-crossing " + field + " and LastCrossing " + item);
        }
        Notification notification = await("notification vigil.watermark." + to.toLowerCase(Locale.ROOT)).atMost(Duration.ofSeconds(30))
                .until(() -> lastNotificationOfType("vigil.watermark." + to.toLowerCase(Locale.ROOT)), n -> n != null);
        assertNotification(notification, from, to);

        ModelNode modelMBean = Jolokia.read(ServerAddress.WATERMARK_MODEL_MBEAN, null);
        assertAll("Jolokia",
                () -> assertEquals(to, Jolokia.read(ServerAddress.WATERMARK_MBEAN, "State").asString(), ServerAddress.WATERMARK_MBEAN + "/State"),
                () -> assertEquals(to, modelMBean.get("state").asString(), ServerAddress.WATERMARK_MODEL_MBEAN + " state: " + modelMBean),
                () -> assertEquals(warnings, modelMBean.get("warningCrossings").asLong(), "warningCrossings: " + modelMBean),
                () -> assertEquals(criticals, modelMBean.get("criticalCrossings").asLong(), "criticalCrossings: " + modelMBean));

        assertAll("/metrics",
                () -> assertEquals(criticals, Metrics.value(Metrics.CRITICAL_CROSSINGS), 0.0, Metrics.CRITICAL_CROSSINGS),
                () -> assertEquals(warnings, Metrics.value(Metrics.WARNING_CROSSINGS), 0.0, Metrics.WARNING_CROSSINGS),
                () -> assertLivePercent(to, Metrics.value(Metrics.USAGE_PERCENT)));
    }

    /** An item of a CompositeData, failing with the items it does have rather than InvalidKeyException. */
    private static Object item(CompositeData data, String key) {
        if (data == null || !data.containsKey(key)) {
            throw new AssertionError("no item '" + key + "' in " + (data == null ? "null" : "CompositeData of type '"
                    + data.getCompositeType().getTypeName() + "' with items " + data.getCompositeType().keySet()));
        }
        return data.get(key);
    }

    private static Notification lastNotificationOfType(String type) {
        Notification last = null;
        for (Notification notification : jmx.notifications) {
            if (notification.getType().equals(type)) {
                last = notification;
            }
        }
        return last;
    }

    private static void assertNotification(Notification notification, String from, String to) {
        CompositeData data = (CompositeData) notification.getUserData();
        assertAll("notification " + notification.getType() + ": " + data,
                () -> assertEquals("vigil.watermark." + to.toLowerCase(Locale.ROOT), notification.getType(), "type"),
                () -> assertEquals(ServerAddress.WATERMARK, data.get("watermark"), "watermark"),
                () -> assertEquals(from, data.get("from"), "from"),
                () -> assertEquals(to, data.get("to"), "to"),
                () -> assertCrossingPercent(to, (Double) data.get("usagePercent")),
                () -> assertTrue((Long) data.get("used") > 0 && (Long) data.get("used") <= (Long) data.get("max"), "0 < used <= max"),
                () -> assertEquals(256 * MIB, data.get("max"), "max"),
                () -> assertEquals(WARNING, data.get("warning"), "warning"),
                () -> assertEquals(CRITICAL, data.get("critical"), "critical"),
                () -> assertEquals("after-gc", data.get("measure"), "measure"),
                () -> assertEquals("heap", data.get("pools"), "pools"),
                () -> Instant.parse((String) data.get("time")),
                () -> assertTrue(!((String) data.get("cause")).isEmpty(), "cause"));
    }

    /** The reading that made a move: entering a level means at or above it; falling back to NORMAL, 5 points below warning. */
    private static void assertCrossingPercent(String to, double percent) {
        switch (to) {
            case "WARNING":
                assertTrue(percent >= WARNING && percent < CRITICAL, "WARNING entered from NORMAL at " + percent + "%");
                break;
            case "CRITICAL":
                assertTrue(percent >= CRITICAL && percent <= 100, "CRITICAL entered at " + percent + "%");
                break;
            default:
                assertTrue(percent < WARNING - HYSTERESIS, "NORMAL re-entered at " + percent + "%");
        }
    }

    /** Usage while in a state: later collections may move it, but only within the state's hysteresis band. */
    private static void assertLivePercent(String state, double percent) {
        switch (state) {
            case "WARNING":
                assertTrue(percent >= WARNING - HYSTERESIS && percent < CRITICAL, "usage in WARNING: " + percent + "%");
                break;
            case "CRITICAL":
                assertTrue(percent >= CRITICAL - HYSTERESIS && percent <= 100, "usage in CRITICAL: " + percent + "%");
                break;
            default:
                assertTrue(percent < WARNING, "usage in NORMAL: " + percent + "%");
        }
    }

    private static List<String> strings(ModelNode list) {
        return list.asList().stream().map(ModelNode::asString).collect(Collectors.toList());
    }
}
