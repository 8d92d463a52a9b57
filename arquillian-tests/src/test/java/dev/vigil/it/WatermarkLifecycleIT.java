package dev.vigil.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Watermarks come and go with the management model: one added on a running server starts at once (its MBean),
 * a reload brings back exactly the configured watermarks (and WildFly's /metrics picks the new one up then), and one
 * removed leaves nothing behind. The steps share the added watermark, so they run in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatermarkLifecycleIT {

    private static final ModelNode OLD_GEN = Operations.createAddress("subsystem", "vigil", "watermark", "old-gen");
    private static final ObjectName HEAP_MBEAN = RemoteJmx.name(ServerAddress.WATERMARK_MBEAN);
    private static final ObjectName OLD_GEN_MBEAN = RemoteJmx.name("vigil:type=Watermark,name=old-gen");
    private static final ObjectName ANY_WATERMARK = RemoteJmx.name("vigil:type=Watermark,*");
    private static final String OLD_GEN_METRIC = "wildfly_vigil_max_bytes{watermark=\"old-gen\"}";
    private static final long HEAP_MAX = 256L * 1024 * 1024;

    @Test
    @Order(1)
    void aWatermarkAddedOnARunningServerWatchesAtOnce() throws Exception {
        try (WatermarkManagement management = new WatermarkManagement(); JMXConnector jmx = RemoteJmx.connect()) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            ModelNode add = Operations.createAddOperation(OLD_GEN);
            add.get("pools").add("G1 Old Gen");
            add.get("warning").set(60);
            add.get("critical").set(80);
            ModelNode added = management.execute(add);

            assertTrue(Operations.isSuccessfulOutcome(added), "add: " + added);
            assertAll("running at once, no reload",
                    () -> assertFalse(added.hasDefined("response-headers", "operation-requires-reload"), "no reload asked: " + added),
                    () -> assertEquals("running", management.serverState(), "server-state"),
                    () -> assertTrue(mbeans.isRegistered(OLD_GEN_MBEAN), OLD_GEN_MBEAN + " registered"),
                    () -> assertEquals("NORMAL", mbeans.getAttribute(OLD_GEN_MBEAN, "State")),
                    () -> assertEquals(HEAP_MAX, mbeans.getAttribute(OLD_GEN_MBEAN, "Max"), "G1 Old Gen may grow to -Xmx"));
        }
    }

    @Test
    @Order(2)
    void aReloadBringsBackExactlyTheConfiguredWatermarks() throws Exception {
        try (WatermarkManagement management = new WatermarkManagement()) {
            management.reload();
        }
        try (JMXConnector jmx = RemoteJmx.connect()) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            assertAll("after reload",
                    () -> assertEquals(Set.of(HEAP_MBEAN, OLD_GEN_MBEAN), mbeans.queryNames(ANY_WATERMARK, null), "one MBean per watermark, none left over"),
                    () -> assertEquals("NORMAL", mbeans.getAttribute(HEAP_MBEAN, "State")),
                    () -> assertEquals("NORMAL", mbeans.getAttribute(OLD_GEN_MBEAN, "State")),
                    // WildFly's metrics subsystem collects the model's metrics when it starts: an added watermark is exported from the next reload on.
                    () -> assertEquals(HEAP_MAX, Metrics.value(OLD_GEN_METRIC), OLD_GEN_METRIC));
        }
    }

    @Test
    @Order(3)
    void aRemovedWatermarkLeavesNothingBehind() throws Exception {
        try (WatermarkManagement management = new WatermarkManagement(); JMXConnector jmx = RemoteJmx.connect()) {
            ModelNode removed = management.execute(Operations.createRemoveOperation(OLD_GEN));

            assertTrue(Operations.isSuccessfulOutcome(removed), "remove: " + removed);
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            assertAll("nothing left",
                    () -> assertFalse(removed.hasDefined("response-headers", "operation-requires-reload"), "no reload asked: " + removed),
                    () -> assertEquals(Set.of(HEAP_MBEAN), mbeans.queryNames(ANY_WATERMARK, null), "only heap's MBean"),
                    () -> assertTrue(Metrics.vigilLines().stream().noneMatch(line -> line.startsWith("wildfly_vigil_") && line.contains("old-gen")),
                            "no old-gen sample at /metrics: " + Metrics.vigilLines()),
                    () -> assertEquals("running", management.serverState(), "server-state"));
        }
    }
}
