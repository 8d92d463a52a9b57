package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.example.shop.Gate;
import com.example.suspects.Session;
import com.example.suspects.SessionCacheServlet;

/**
 * The leak named live, before any dump: suspects.war leaks threads (a JSP whose anonymous inner class starts a thread
 * per count, each keeping an agents_jsp$Context alive) and sessions (a servlet filling a static map). Each test drives
 * the shipped watermark into WARNING by writing its warning level low (restored after), so its on-warning
 * {@code leak-suspects} runs, and reads the suspects through the log, jboss-cli's operation, remote JMX and Jolokia.
 * Returning to NORMAL takes the next test's baseline.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeakSuspectsIT {

    private static final String WAR = "suspects.war";
    private static final String DEPLOYMENT = "deployment." + WAR;
    private static final String JSP = "org.apache.jsp.agents_jsp";
    private static final int THREADS = 120;
    private static final int SESSIONS = 20_000;
    private static final String MBEAN = "vigil:type=LeakSuspects";
    private static final Duration TIMEOUT = Duration.ofSeconds(45);

    private static Management subsystem;
    private static WatermarkManagement watermark;
    private static HeapDumps dumps;
    private static ModelNode shippedWarning;
    private static ModelNode shippedCooldown;
    private static JMXConnector jmx;
    private static MBeanServerConnection mbeans;

    @ArquillianResource
    private URL url;

    @Deployment(testable = false)
    static WebArchive suspectsWar() {
        return ShrinkWrap.create(WebArchive.class, WAR)
                .addClasses(Gate.class, Session.class, SessionCacheServlet.class)
                .addAsWebResource(LeakSuspectsIT.class.getResource("/suspects/agents.jsp"), "agents.jsp");
    }

    @BeforeAll
    static void connect() throws Exception {
        subsystem = new Management(Operations.createAddress("subsystem", "vigil"));
        watermark = new WatermarkManagement();
        dumps = new HeapDumps();
        shippedWarning = watermark.readAttribute("warning");
        shippedCooldown = dumps.readAttribute("cooldown");
        dumps.restore("cooldown", new ModelNode(0)); // each test's WARNING runs leak-suspects, whatever ran before
        jmx = RemoteJmx.connect();
        mbeans = jmx.getMBeanServerConnection();
    }

    @AfterAll
    static void restore() throws Exception {
        try {
            dumps.restore("cooldown", shippedCooldown);
            dumps.restore("cooldown", shippedCooldown);
            watermark.writeAttribute("warning", shippedWarning);
        } finally {
            jmx.close();
            dumps.close();
            watermark.close();
            subsystem.close();
        }
    }

    @Test
    @Order(1)
    void threadsAJspStartsAreSuspectOneAndTheirInnerClassGrowsWithThem() throws Exception {
        try {
            assertEquals("started " + THREADS, Http.get(url + "agents.jsp?threads=" + THREADS).trim());
            // a new thread's creator comes from its JFR start event, within seconds: until then it is unknown
            try (Census census = new Census()) {
                await("the threads' creator known").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                        .until(() -> census.count("creator", JSP), equalTo(THREADS));
            }
            String logged = warningSuspects();

            String threads = "1. threads running " + JSP + "$1 (started by " + JSP + ", deployment " + WAR + "):";
            assertAll("VIGIL0120: " + logged,
                    () -> assertTrue(logged.contains(threads), "the threads, suspect 1"),
                    () -> assertTrue(logged.contains("2. " + JSP + "$Context (deployment " + WAR + "): +" + THREADS + " instances"), "their Context, suspect 2"),
                    () -> assertTrue(logged.contains("grows with suspect 1"), "tied to the threads"),
                    () -> assertTrue(suspectsFile().contains(threads), "NAME.suspects.txt"));

            ModelNode cli = onDemand(3);
            ModelNode first = cli.get("suspects").get(0);
            assertAll("leak-suspects(top=3): " + cli,
                    () -> assertEquals(List.of("threads", JSP + "$1", JSP, DEPLOYMENT), List.of(first.get("kind").asString(), first.get("name").asString(),
                            first.get("creator").asString(), first.get("deployment").asString())),
                    () -> assertTrue(first.get("growth").asInt() >= THREADS, "its growth"),
                    () -> assertEquals(1, cli.get("suspects").get(1).get("grows-with").asInt(), "suspect 2 grows with 1"),
                    () -> assertTrue(mbeanSuspects().contains(threads), "JMX suspects(3)"),
                    () -> assertTrue(Jolokia.exec(MBEAN, "suspects", new ModelNode().add(3)).asString().contains(threads), "Jolokia exec suspects"));
        } finally {
            Http.get(url + "agents.jsp?release");
            backToNormal();
        }
    }

    @Test
    @Order(2)
    void sessionsAServletKeepsInAStaticMapAreSuspectOne() throws Exception {
        try {
            Http.get(url + "cache?add=" + SESSIONS);
            String logged = warningSuspects();

            String sessions = "1. " + Session.class.getName() + " (deployment " + WAR + "): +";
            assertTrue(logged.contains(sessions), "VIGIL0120: " + logged);
            // the JDK classes that grew with it (its Long keys, its byte[] if they outgrew the baseline's garbage)
            assertTrue(logged.lines().anyMatch(line -> line.contains("alongside") && (line.contains("java.") || line.contains("[]"))), "JDK classes alongside: " + logged);
            ModelNode first = onDemand(3).get("suspects").get(0);
            assertAll("suspect 1 everywhere: " + first,
                    () -> assertEquals(List.of("class", Session.class.getName(), DEPLOYMENT),
                            List.of(first.get("kind").asString(), first.get("name").asString(), first.get("deployment").asString())),
                    () -> assertTrue(first.get("growth").asInt() >= SESSIONS),
                    () -> assertTrue(mbeanSuspects().contains(sessions), "JMX"),
                    () -> assertTrue(Jolokia.exec(MBEAN, "suspects", new ModelNode().add(3)).asString().contains(sessions), "Jolokia"));
        } finally {
            Http.get(url + "cache?clear&gc");
            backToNormal();
        }
    }

    @Test
    @Order(3)
    void aLoadThatLeaksNothingHasNoSuspect() {
        for (int i = 0; i < 50; i++) {
            Http.get(url + "cache?churn=2000");
        }
        String logged = warningSuspects();
        try {
            assertTrue(logged.contains("none: nothing grew above the thresholds since the baseline"), "VIGIL0120: " + logged);
        } finally {
            backToNormal();
        }
    }

    @Test
    @Order(4)
    void aTopOutsideOneToAHundredIsRefusedNamingItAndWhatIsAllowed() {
        ModelNode operation = Operations.createOperation("leak-suspects", Operations.createAddress("subsystem", "vigil"));
        operation.get("top").set(0);
        ModelNode response = subsystem.execute(operation);
        assertEquals("VIGIL0013: top=0 is not allowed: it must be a whole number of suspects from 1 to 100",
                Operations.getFailureDescription(response).asString());
    }

    /** Writes the warning level below the heap's use, collects, and returns the suspects' log line once written. */
    private String warningSuspects() {
        ServerLog log = ServerLog.fromNow();
        assertTrue(Operations.isSuccessfulOutcome(watermark.writeAttribute("warning", new ModelNode(1))));
        Http.get(url + "cache?gc");
        await("WARNING").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(watermark::state, equalTo("WARNING"));
        await("VIGIL0120").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> log.text().contains("All suspects in"));
        String text = log.text();
        return text.substring(text.indexOf("VIGIL0120"), text.indexOf("All suspects in"));
    }

    private void backToNormal() {
        ServerLog log = ServerLog.fromNow();
        watermark.writeAttribute("warning", shippedWarning);
        Http.get(url + "cache?gc");
        await("NORMAL").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(watermark::state, equalTo("NORMAL"));
        await("the next baseline").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> log.text().contains("VIGIL0121"));
    }

    /** The newest -heap-warning.suspects.txt in the dump directory. */
    private static String suspectsFile() throws Exception {
        try (var files = Files.list(HeapDumps.directory())) {
            var newest = files.filter(path -> path.getFileName().toString().endsWith("-heap-warning.suspects.txt"))
                    .max(java.util.Comparator.comparing(path -> path.toFile().lastModified())).orElseThrow();
            return Files.readString(newest);
        }
    }

    private static ModelNode onDemand(int top) {
        ModelNode operation = Operations.createOperation("leak-suspects", Operations.createAddress("subsystem", "vigil"));
        operation.get("top").set(top);
        return subsystem.result(operation);
    }

    private static String mbeanSuspects() throws Exception {
        return (String) mbeans.invoke(new ObjectName(MBEAN), "suspects", new Object[] { 3 }, new String[] { int.class.getName() });
    }
}
