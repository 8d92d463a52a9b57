package dev.vigil.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * WildFly's MBean server as JConsole sees it remotely: service:jmx:remote+http://127.0.0.1:9990 (the remoting-jmx
 * provider comes with wildfly-arquillian; locally no credentials are needed).
 */
final class RemoteJmx {

    static JMXConnector connect() {
        return connect(ServerAddress.JMX_URL);
    }

    /** The MBean server of a server the test started itself. */
    static JMXConnector connect(int managementPort) {
        return connect("service:jmx:remote+http://" + ServerAddress.HOST + ":" + managementPort);
    }

    private static JMXConnector connect(String url) {
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(url), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot connect to " + url, e);
        }
    }

    /** A connection listening to one MBean's notifications, collected in the order they came. */
    static final class Subscription implements AutoCloseable {
        final MBeanServerConnection mbeans;
        final List<Notification> notifications = new CopyOnWriteArrayList<>();
        private final JMXConnector connector;
        private final ObjectName mbean;
        private final NotificationListener collect = (notification, handback) -> notifications.add(notification);

        private Subscription(JMXConnector connector, ObjectName mbean) throws IOException, InstanceNotFoundException {
            this.connector = connector;
            this.mbean = mbean;
            this.mbeans = connector.getMBeanServerConnection();
            mbeans.addNotificationListener(mbean, collect, null, null);
        }

        @Override
        public void close() throws Exception {
            try {
                mbeans.removeNotificationListener(mbean, collect);
            } finally {
                connector.close();
            }
        }
    }

    /** Connects and subscribes to the MBean's notifications. */
    static Subscription subscribe(ObjectName mbean) throws IOException, InstanceNotFoundException {
        return subscribe(connect(), mbean);
    }

    /** Subscribes to the MBean's notifications on a server the test started itself. */
    static Subscription subscribe(int managementPort, ObjectName mbean) throws IOException, InstanceNotFoundException {
        return subscribe(connect(managementPort), mbean);
    }

    private static Subscription subscribe(JMXConnector connector, ObjectName mbean) throws IOException, InstanceNotFoundException {
        try {
            return new Subscription(connector, mbean);
        } catch (IOException | InstanceNotFoundException | RuntimeException e) {
            connector.close();
            throw e;
        }
    }

    static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private RemoteJmx() {
    }
}
