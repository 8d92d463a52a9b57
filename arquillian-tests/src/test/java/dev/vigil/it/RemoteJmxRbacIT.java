package dev.vigil.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wildfly.security.auth.client.AuthenticationConfiguration;
import org.wildfly.security.auth.client.AuthenticationContext;
import org.wildfly.security.auth.client.MatchRule;
import org.wildfly.security.sasl.SaslMechanismSelector;

/**
 * Remote JMX ({@code remote+http}, as JConsole connects) with WildFly's RBAC on, on a server of its own: real users
 * made by add-user.sh, each mapped to one role, each connecting with its password (never as the local user). Vigil's
 * MBeans and the JVM's are "non-core" MBeans to WildFly: without {@code non-core-mbean-sensitivity=true}, which
 * install.cli sets, any operation on them that is not INFO counts as a runtime write, and an Operator took dumps.
 */
class RemoteJmxRbacIT {

    /** Every port stays below 32768, where Linux's ephemeral ports begin. */
    private static final int OFFSET = 22300;
    private static final ModelNode AUTHORIZATION = Operations.createAddress("core-service", "management", "access", "authorization");
    private static final ObjectName HEAP_DUMPS = RemoteJmx.name(HeapDumps.MBEAN);
    private static final ObjectName HEAP_DUMPS_MODEL = RemoteJmx.name("jboss.as:subsystem=vigil,service=heap-dumps");
    private static final ObjectName HOTSPOT = RemoteJmx.name("com.sun.management:type=HotSpotDiagnostic");
    private static final ObjectName WATERMARK = RemoteJmx.name(ServerAddress.WATERMARK_MBEAN);
    private static final ObjectName WATERMARK_MODEL = RemoteJmx.name(ServerAddress.WATERMARK_MODEL_MBEAN);
    private static final String PASSWORD = "Vigil-" + Long.toHexString(System.nanoTime()) + "-1!";
    /** User name -> the one role it is mapped to. */
    private static final Map<String, String> USERS = Map.of("vigil-monitor", "Monitor", "vigil-operator", "Operator", "vigil-admin", "Administrator");

    private static Path base;
    private static ServerProcess server;
    private static Management root;

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("vigil.guard.home"));
        base = ServerProcess.freshBase(home, "jmx-rbac-base");
        for (String user : USERS.keySet()) {
            addUser(home, user);
        }
        server = ServerProcess.start("server-jmx-rbac", home, OFFSET, "-Djboss.server.base.dir=" + base);
        server.awaitRunning();
        root = server.management(new ModelNode().setEmptyList());
        USERS.forEach((user, role) -> ManagementUsers.mapToRole(root, user, role));
        // A refusal must be RBAC's, never min-interval's: the tests take dumps back to back.
        root.result(Operations.createWriteAttributeOperation(HeapDumps.ADDRESS, "min-interval", new ModelNode(0)));
        root.result(Operations.createWriteAttributeOperation(AUTHORIZATION, "provider", new ModelNode("rbac")));
        root.reload();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (root != null) {
                root.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void eachUserConnectsAsItselfInItsRole() throws Exception {
        for (Map.Entry<String, String> user : USERS.entrySet()) {
            try (JMXConnector connector = connect(user.getKey())) {
                Object identity = connector.getMBeanServerConnection().invoke(RemoteJmx.name("jboss.as:management-root=server"), "whoami",
                        new Object[] { true }, new String[] { Boolean.class.getName() });
                assertAll("whoami as " + user.getKey() + ": " + identity,
                        () -> assertTrue(String.valueOf(identity).contains(user.getKey()), "the user"),
                        () -> assertTrue(String.valueOf(identity).contains(user.getValue()), "the role"));
            }
        }
    }

    @Test
    void anOperatorCannotTakeADumpThroughVigilsMBean() throws Exception {
        List<String> before = listDumps();
        try (JMXConnector operator = connect("vigil-operator")) {
            MBeanServerConnection mbeans = operator.getMBeanServerConnection();

            Exception refused = assertThrows(Exception.class,
                    () -> mbeans.invoke(HEAP_DUMPS, "dumpHeap", new Object[] { true }, new String[] { boolean.class.getName() }));

            assertAll("dumpHeap as Operator: " + refused,
                    () -> assertTrue(String.valueOf(refused).contains("WFLYJMX"), "refused by WildFly's jmx subsystem: " + refused),
                    () -> assertEquals(before, listDumps(), "no dump written"));
        }
    }

    @Test
    void anOperatorCannotDumpTheHeapThroughTheJvmsHotSpotDiagnostic() throws Exception {
        Path target = base.resolve("hotspot-" + System.nanoTime() + ".hprof");
        try (JMXConnector operator = connect("vigil-operator")) {
            MBeanServerConnection mbeans = operator.getMBeanServerConnection();

            Exception refused = assertThrows(Exception.class, () -> mbeans.invoke(HOTSPOT, "dumpHeap", new Object[] { target.toString(), true },
                    new String[] { String.class.getName(), boolean.class.getName() }));

            assertAll("HotSpotDiagnostic.dumpHeap as Operator: " + refused,
                    () -> assertTrue(String.valueOf(refused).contains("WFLYJMX"), "refused by WildFly's jmx subsystem: " + refused),
                    () -> assertTrue(Files.notExists(target), "no file at " + target));
        }
    }

    @Test
    void anAdministratorTakesADumpOverRemoteJmx() throws Exception {
        try (JMXConnector admin = connect("vigil-admin")) {
            String file = (String) admin.getMBeanServerConnection().invoke(HEAP_DUMPS, "dumpHeap", new Object[] { true },
                    new String[] { boolean.class.getName() });

            assertAll("dumpHeap as Administrator returned " + file,
                    () -> assertTrue(listDumps().contains(file), "list-dumps shows it"),
                    () -> assertTrue(Files.size(base.resolve("data/vigil/heap-dumps").resolve(file)) > 0, "the file"));
        }
    }

    /** WildFly's own MBean for the resource runs dump-heap as the caller: the model's RBAC (classification vigil/heap-dump) decides. */
    @Test
    void throughTheModelsMBeanAnOperatorIsRefusedDumpHeapAndAnAdministratorMayRunIt() throws Exception {
        List<String> before = listDumps();
        Object[] arguments = { true, false };
        String[] signature = { Boolean.class.getName(), Boolean.class.getName() };
        try (JMXConnector operator = connect("vigil-operator"); JMXConnector admin = connect("vigil-admin")) {
            Exception refused = assertThrows(Exception.class, () -> operator.getMBeanServerConnection().invoke(HEAP_DUMPS_MODEL, "dumpHeap", arguments, signature));
            assertEquals(before, listDumps(), "no dump written by the Operator: " + refused);

            Object taken = admin.getMBeanServerConnection().invoke(HEAP_DUMPS_MODEL, "dumpHeap", arguments, signature);

            assertAll("dumpHeap on " + HEAP_DUMPS_MODEL,
                    () -> assertTrue(String.valueOf(refused).contains("WFLYCTL0332") || String.valueOf(refused).contains("WFLYJMX"), "Operator: " + refused),
                    () -> assertEquals(1, listDumps().stream().filter(file -> !before.contains(file)).count(), "the Administrator's dump: " + taken));
        }
    }

    /** The price of non-core-mbean-sensitivity: a Monitor reads Vigil through the jboss.as MBeans only. */
    @Test
    void aMonitorReadsTheModelsMBeansButNoLongerTheNonCoreOnes() throws Exception {
        try (JMXConnector monitor = connect("vigil-monitor")) {
            MBeanServerConnection mbeans = monitor.getMBeanServerConnection();

            Object state = mbeans.getAttribute(WATERMARK_MODEL, "state");
            Exception refused = assertThrows(Exception.class, () -> mbeans.getAttribute(WATERMARK, "State"));

            assertAll(() -> assertTrue(List.of("NORMAL", "WARNING", "CRITICAL").contains(state), "jboss.as watermark state: " + state),
                    () -> assertTrue(String.valueOf(refused).contains("WFLYJMX"), "vigil:type=Watermark as Monitor: " + refused));
        }
    }

    /** Connects with the user's password; the local user's silent authentication is forbidden, so RBAC sees the user. */
    private static JMXConnector connect(String user) throws Exception {
        AuthenticationConfiguration withPassword = AuthenticationConfiguration.empty().useName(user).usePassword(PASSWORD)
                .setSaslMechanismSelector(SaslMechanismSelector.DEFAULT.forbidMechanism("JBOSS-LOCAL-USER"));
        JMXServiceURL url = new JMXServiceURL("service:jmx:remote+http://" + ServerAddress.HOST + ":" + server.managementPort());
        return AuthenticationContext.empty().with(MatchRule.ALL, withPassword).runCallable(() -> JMXConnectorFactory.connect(url, new HashMap<>()));
    }

    private static List<String> listDumps() {
        return root.result(Operations.createOperation("list-dumps", HeapDumps.ADDRESS)).asList().stream().map(dump -> dump.get("file").asString()).toList();
    }

    /** add-user.sh as an administrator runs it: a management user, in the copy's own configuration directory. */
    private static void addUser(Path home, String user) throws IOException, InterruptedException {
        Path output = home.getParent().resolve("add-user-" + user + ".out");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/add-user.sh").toString(), "-sc", base.resolve("configuration").toString(),
                "-u", user, "-p", PASSWORD, "-s").redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "add-user.sh ends");
        assertEquals(0, process.exitValue(), "add-user.sh " + user + ": " + Files.readString(output));
    }
}
