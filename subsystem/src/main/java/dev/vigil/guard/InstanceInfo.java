package dev.vigil.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.io.IOException;
import java.io.StringReader;

/**
 * Who a server is, as it writes itself into its {@code vigil.lock} files and as a contender describes itself: one
 * {@code key=value} per line, so that an administrator can {@code cat} it.
 *
 * @param pid        the process id
 * @param host       the host name
 * @param started    when the JVM started
 * @param jbossHome  jboss.home.dir
 * @param baseDir    jboss.server.base.dir
 * @param config     the configuration file (jboss.server.config.dir and the file name, when known)
 * @param portOffset jboss.socket.binding.port-offset
 * @param ports      the TCP ports of its socket bindings, offset applied
 */
public record InstanceInfo(long pid, String host, Instant started, String jbossHome, String baseDir, String config, int portOffset,
        List<Integer> ports) {

    public InstanceInfo {
        ports = List.copyOf(ports);
    }

    /** This JVM, with the given config file and ports. */
    public static InstanceInfo current(String config, int portOffset, List<Integer> ports) {
        ProcessHandle self = ProcessHandle.current();
        return new InstanceInfo(self.pid(), localHost(), self.info().startInstant().orElse(Instant.now()),
                System.getProperty("jboss.home.dir", ""), System.getProperty("jboss.server.base.dir", ""), config, portOffset, ports);
    }

    public InstanceInfo withPorts(int portOffset, List<Integer> ports) {
        return new InstanceInfo(pid, host, started, jbossHome, baseDir, config, portOffset, ports);
    }

    /** This host's name, looked up once (a name lookup can take a while, and the guard runs during boot). */
    public static String localHost() {
        return LocalHost.NAME;
    }

    private static final class LocalHost {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return System.getenv().getOrDefault("HOSTNAME", "localhost");
            }
        }
    }

    String format() {
        StringJoiner ports = new StringJoiner(",");
        this.ports.forEach(port -> ports.add(String.valueOf(port)));
        return "# Vigil instance guard: the server that holds this file's lock. Released by the OS when the process ends.\n"
                + "pid=" + pid + "\n"
                + "host=" + host + "\n"
                + "started=" + started + "\n"
                + "jboss-home=" + jbossHome + "\n"
                + "base-dir=" + baseDir + "\n"
                + "config=" + config + "\n"
                + "port-offset=" + portOffset + "\n"
                + "ports=" + ports + "\n";
    }

    /** Reads what {@link #format()} wrote; null if it does not name a pid (empty, foreign or half-written). */
    static InstanceInfo parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return parse(properties);
    }

    static InstanceInfo parse(Map<Object, Object> properties) {
        try {
            long pid = Long.parseLong(String.valueOf(properties.get("pid")).trim());
            Instant started;
            try {
                started = Instant.parse(String.valueOf(properties.getOrDefault("started", "")).trim());
            } catch (DateTimeParseException e) {
                started = Instant.EPOCH;
            }
            int offset;
            try {
                offset = Integer.parseInt(String.valueOf(properties.getOrDefault("port-offset", "0")).trim());
            } catch (NumberFormatException e) {
                offset = 0;
            }
            List<Integer> ports = new ArrayList<>();
            for (String port : String.valueOf(properties.getOrDefault("ports", "")).split(",")) {
                try {
                    ports.add(Integer.parseInt(port.trim()));
                } catch (NumberFormatException e) {
                    // skip
                }
            }
            return new InstanceInfo(pid, String.valueOf(properties.getOrDefault("host", "?")), started,
                    String.valueOf(properties.getOrDefault("jboss-home", "")), String.valueOf(properties.getOrDefault("base-dir", "")),
                    String.valueOf(properties.getOrDefault("config", "")), offset, ports);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** In a log line: pid 4242 on host, running since ..., jboss.home ..., base dir ... */
    public String describe() {
        return "pid " + pid + " on " + host + ", running since " + started + " (jboss.home " + jbossHome + ", base dir " + baseDir
                + (config.isEmpty() ? "" : ", config " + config) + ")";
    }
}
