package dev.vigil.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.management.MalformedObjectNameException;
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
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(ServerAddress.JMX_URL), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot connect to " + ServerAddress.JMX_URL, e);
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
