package dev.vigil.watermark;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.vigil.action.Action;
import dev.vigil.action.ActionRequest;

import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

/**
 * A running watermark as the server has it: its MBean lives exactly as long as it runs, each move reaches JMX
 * listeners once with the numbers, and the configured action runs on a rise.
 */
class WatermarkServiceTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** A bounded non-heap pool that is already a few percent full, so levels can be set around its usage. */
    private static MemoryPoolMXBean busiestBoundedPool() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.NON_HEAP && p.getUsage().getMax() > 0)
                .max(Comparator.comparingDouble(p -> (double) p.getUsage().getUsed() / p.getUsage().getMax()))
                .filter(p -> p.getUsage().getUsed() * 100 / p.getUsage().getMax() >= 2)
                .orElseThrow(() -> new AssertionError("no non-heap pool is 2% full"));
    }

    @Test
    void theMBeanReportsEachMoveOnceAndLivesAsLongAsTheWatermark() throws Exception {
        MemoryPoolMXBean pool = busiestBoundedPool();
        WatermarkSettings settings = new WatermarkSettings(List.of(pool.getName()), 1, 99, Measure.CURRENT,
                List.of(Action.NOTIFY), List.of(Action.NOTIFY));
        List<ActionRequest> actionsRun = new CopyOnWriteArrayList<>();
        WatermarkService service = new WatermarkService("service-test", settings, (action, request) -> actionsRun.add(request));
        ObjectName name = new ObjectName("vigil:type=Watermark,name=service-test");
        List<Notification> notifications = new CopyOnWriteArrayList<>();
        NotificationListener listener = (notification, handback) -> notifications.add(notification);

        assertFalse(server.isRegistered(name));
        service.start();
        try {
            assertTrue(server.isRegistered(name), "registered on start");
            // The first sample, at start, is already above 1%: one move to WARNING, and its action.
            await().atMost(Duration.ofSeconds(10)).until(() -> actionsRun.size() == 1);
            assertEquals(WatermarkState.WARNING.name(), actionsRun.get(0).details().get("to").asString());
            assertEquals("WARNING", server.getAttribute(name, "State"));
            CompositeData crossing = (CompositeData) server.getAttribute(name, "LastCrossing");
            assertEquals("NORMAL", crossing.get("from"));
            assertEquals("WARNING", crossing.get("to"));
            assertEquals("start", crossing.get("cause"));

            server.addNotificationListener(name, listener, null, null);
            service.watermark().reconfigure(settings.withLevels(98, 99));
            await().atMost(Duration.ofSeconds(10)).until(() -> !notifications.isEmpty());
            Notification normal = notifications.get(0);
            assertEquals("vigil.watermark.normal", normal.getType());
            CompositeData numbers = (CompositeData) normal.getUserData();
            assertEquals("WARNING", numbers.get("from"));
            assertEquals("NORMAL", numbers.get("to"));
            assertEquals(98, numbers.get("warning"));
            assertEquals(pool.getName(), numbers.get("pools"));
            assertTrue((Long) numbers.get("used") > 0);
            assertEquals(1, actionsRun.size(), "actions answer rises only");
        } finally {
            service.stop();
        }
        assertFalse(server.isRegistered(name), "unregistered on stop");
        assertEquals(1, notifications.size(), "each move notified once: " + notifications);
    }
}
