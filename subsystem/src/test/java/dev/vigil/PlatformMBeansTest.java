package dev.vigil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What JMX clients see of an MXBean registered through {@link PlatformMBeans}, in the test JVM's platform MBeanServer. */
class PlatformMBeansTest {

    public interface ProbeMXBean {
        int getCount();

        String census(String groupBy, int top);
    }

    public static final class Probe extends NotificationBroadcasterSupport implements ProbeMXBean {
        @Override
        public int getCount() {
            return 7;
        }

        @Override
        public String census(String groupBy, int top) {
            return groupBy + "/" + top;
        }

        void send(String type) {
            sendNotification(new Notification(type, NAME, 1));
        }
    }

    static final ObjectName NAME = PlatformMBeans.name("vigil.test:type=Probe");
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @AfterEach
    void unregister() {
        PlatformMBeans.unregister(NAME);
    }

    @Test
    void operationParametersKeepTheirNamesForJConsole() throws JMException {
        PlatformMBeans.register(new Probe(), ProbeMXBean.class, NAME);

        MBeanOperationInfo census = Arrays.stream(server.getMBeanInfo(NAME).getOperations()).filter(op -> op.getName().equals("census"))
                .findFirst().orElseThrow();
        assertEquals(List.of("groupBy", "top"), Arrays.stream(census.getSignature()).map(MBeanParameterInfo::getName).toList());
    }

    @Test
    void attributesOperationsAndNotificationsWorkAsForAPlainMXBean() throws JMException {
        Probe probe = new Probe();
        PlatformMBeans.register(probe, ProbeMXBean.class, NAME);
        List<String> heard = new ArrayList<>();
        server.addNotificationListener(NAME, (notification, handback) -> heard.add(notification.getType()), null, null);

        probe.send("vigil.test.ping");

        assertEquals(7, server.getAttribute(NAME, "Count"));
        assertEquals("creator/3", server.invoke(NAME, "census", new Object[] { "creator", 3 }, new String[] { String.class.getName(), int.class.getName() }));
        assertEquals(List.of("vigil.test.ping"), heard);
    }
}
