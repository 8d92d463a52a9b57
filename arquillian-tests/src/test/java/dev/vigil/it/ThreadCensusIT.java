package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The incident's thread leak, seen by the census: threads.war's JSP starts a thread through an anonymous inner class
 * on every request; its servlet runs tasks on a pool of its own. The census must name the JSP's inner class (entry),
 * the JSP (creator) and the war (deployment) through the management API, remote JMX and Jolokia; warn once when one
 * origin passes origin-warning; drop threads that end; and report the threads an undeployed war left alive.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreadCensusIT {

    private static final String WAR = "threads.war";
    private static final String DEPLOYMENT = "deployment." + WAR;
    private static final String LEAK_WAR = "leak.war";
    private static final int REQUESTS = 7;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectName MBEAN = RemoteJmx.name(Census.MBEAN);

    private static Census census;
    private static ModelNode shippedInterval;
    private static RemoteJmx.Subscription jmx;
    private static MBeanServerConnection mbeans;

    @ArquillianResource
    @OperateOnDeployment("threads")
    private URL threadsUrl;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = "threads", testable = false)
    static WebArchive threadsWar() {
        return Census.war(WAR);
    }

    @Deployment(name = "leak", managed = false, testable = false)
    static WebArchive leakWar() {
        return Census.war(LEAK_WAR);
    }

    @BeforeAll
    static void connect() throws Exception {
        census = new Census();
        // Censuses only when a test takes one: a periodic one could first see a request thread while it runs the
        // deployment's code (compiling the JSP takes seconds here), and the census keeps what it first saw of a thread.
        shippedInterval = census.readAttribute("interval");
        assertTrue(Operations.isSuccessfulOutcome(census.writeAttribute("interval", new ModelNode(3600))));
        jmx = RemoteJmx.subscribe(MBEAN);
        mbeans = jmx.mbeans;
    }

    @AfterAll
    static void disconnect() throws Exception {
        try {
            jmx.close();
            census.writeAttribute("interval", shippedInterval);
        } finally {
            census.close();
        }
    }

    @Test
    @Order(1)
    void threadsStartedByTheJspAreCountedByEntryCreatorAndDeployment() throws Exception {
        for (int i = 0; i < REQUESTS; i++) {
            assertEquals("started", get("bot_api.jsp"));
        }

        // The creator comes from the JVM's thread start events, which JFR delivers about a second later.
        await("creator " + Census.JSP).atMost(TIMEOUT).until(() -> census.count("creator", Census.JSP), n -> n == REQUESTS);
        Map<String, Integer> byEntry = census.census("entry");
        Map<String, Integer> byDeployment = census.census("deployment");
        assertAll("census through the management API: by entry " + byEntry + ", by deployment " + byDeployment,
                () -> assertEquals(REQUESTS, byEntry.get(Census.JSP_RUNNABLE), "entry: the JSP's anonymous Runnable"),
                () -> assertEquals(REQUESTS, byDeployment.get(DEPLOYMENT), "deployment"));

        CompositeData[] rows = (CompositeData[]) mbeans.invoke(MBEAN, "census", new Object[] { "entry", 0 },
                new String[] { String.class.getName(), int.class.getName() });
        CompositeData jsp = List.of(rows).stream().filter(row -> Census.JSP_RUNNABLE.equals(row.get("origin"))).findFirst().orElseThrow();
        TabularData byCreator = (TabularData) mbeans.getAttribute(MBEAN, "ByCreator");
        assertAll("remote JMX",
                () -> assertEquals(REQUESTS, jsp.get("count"), "census(entry) count"),
                () -> assertEquals("bot-api-worker", ((String[]) jsp.get("samples"))[0], "sample thread name"),
                () -> assertEquals(REQUESTS, byCreator.get(new Object[] { Census.JSP }).get("value"), "ByCreator"));

        ModelNode jolokia = Jolokia.read(Census.MBEAN, "ByEntry");
        assertEquals(REQUESTS, jolokia.get(Census.JSP_RUNNABLE).asInt(), "Jolokia ByEntry: " + jolokia);
        assertAll("creator-tracking-state",
                () -> assertEquals("on", census.readAttribute("creator-tracking-state").asString(), "management API"),
                () -> assertEquals("on", mbeans.getAttribute(MBEAN, "CreatorTrackingState"), "remote JMX"),
                () -> assertEquals("on", Jolokia.read(Census.MBEAN, "CreatorTrackingState").asString(), "Jolokia"));
    }

    @Test
    @Order(2)
    void threadsOfAnExecutorAreAttributedToTheirTaskAndDeployment() {
        assertEquals("submitted 3", get("executor?tasks=3"));

        await("entry SleepTask").atMost(TIMEOUT).until(() -> census.count("entry", "com.example.shop.SleepTask"), n -> n == 3);
        await("creator ExecutorServlet").atMost(TIMEOUT).until(() -> census.count("creator", "com.example.shop.ExecutorServlet"), n -> n == 3);
        assertEquals(REQUESTS + 3, census.count("deployment", DEPLOYMENT), "deployment");
    }

    @Test
    @Order(3)
    void anOriginAboveOriginWarningIsReportedOnce() throws Exception {
        ModelNode shipped = census.readAttribute("origin-warning");
        long logged = countInLog("VIGIL0301");
        try {
            assertTrue(Operations.isSuccessfulOutcome(census.writeAttribute("origin-warning", new ModelNode(REQUESTS + 2))));
            for (int i = 0; i < 4; i++) {
                get("bot_api.jsp");
            }
            await("VIGIL0301").atMost(TIMEOUT).until(() -> {
                census.census("entry"); // no periodic census runs during this test
                return countInLog("VIGIL0301") > logged;
            });
            for (int i = 0; i < 3; i++) {
                get("bot_api.jsp"); // more of the same origin: no second report
                census.census("entry");
            }

            List<String> warnings = logLines("VIGIL0301").stream().skip(logged).collect(Collectors.toList());
            // notifications come over remote JMX after the log line: wait for the entry's, then count
            await("the entry's notification").atMost(TIMEOUT).until(() -> jmx.notifications.stream()
                    .anyMatch(n -> ("entry:" + Census.JSP_RUNNABLE).equals(n.getUserData())));
            List<Notification> notified = jmx.notifications.stream().filter(n -> n.getType().equals("vigil.threads.origin-warning")).collect(Collectors.toList());
            List<String> over = census.readAttribute("origins-over-warning").asList().stream().map(ModelNode::asString).collect(Collectors.toList());
            assertAll("warnings " + warnings + ", notifications " + notified,
                    () -> assertEquals(1, warnings.stream().filter(line -> line.contains("entry " + Census.JSP_RUNNABLE)).count(), "one warning for the entry"),
                    () -> assertEquals(1, notified.stream().filter(n -> ("entry:" + Census.JSP_RUNNABLE).equals(n.getUserData())).count(), "one notification for the entry"),
                    () -> assertTrue(over.contains("entry:" + Census.JSP_RUNNABLE), "origins-over-warning: " + over));
        } finally {
            census.writeAttribute("origin-warning", shipped);
        }
    }

    @Test
    @Order(4)
    void threadsThatEndLeaveTheCensus() {
        assertEquals("released", get("bot_api.jsp?release"));

        await("the JSP's threads gone").atMost(TIMEOUT).until(() -> census.count("entry", Census.JSP_RUNNABLE), n -> n == 0);
    }

    @Test
    @Order(5)
    void threadsAnUndeployedWarLeftAliveAreReported() throws Exception {
        deployer.deploy("leak");
        String leak = threadsUrl.toString().replace("/threads/", "/leak/");
        assertEquals("submitted 2", Http.get(leak + "executor?tasks=2").trim());
        await("leak.war's pool threads").atMost(TIMEOUT).until(() -> census.count("deployment", "deployment." + LEAK_WAR), n -> n == 2);
        long logged = countInLog("VIGIL0302");

        deployer.undeploy("leak");

        await("undeployed-leaks").atMost(TIMEOUT).until(() -> {
            census.census("deployment");
            return census.readAttribute("undeployed-leaks");
        }, leaks -> leaks.has("deployment." + LEAK_WAR));
        String warning = await("VIGIL0302").atMost(TIMEOUT).until(() -> logLines("VIGIL0302").stream().skip(logged).findFirst().orElse(null), line -> line != null);
        assertAll("the report: " + warning,
                () -> assertEquals(2, census.readAttribute("undeployed-leaks").get("deployment." + LEAK_WAR).asInt(), "undeployed-leaks"),
                () -> assertTrue(warning.contains("deployment." + LEAK_WAR) && warning.contains("left 2 threads alive"), "names the deployment and the count"),
                () -> assertTrue(warning.contains("com.example.shop.SleepTask"), "names the top origin"),
                () -> assertTrue(jmx.notifications.stream().anyMatch(n -> n.getType().equals("vigil.threads.undeploy-leak")
                        && ("deployment." + LEAK_WAR).equals(n.getUserData())), "notified"));
    }

    @Test
    @Order(6)
    void aCensusByAnUnknownGroupIsRefusedNamingTheAllowedOnes() {
        ModelNode operation = Operations.createOperation("census", Census.ADDRESS);
        operation.get("group-by").set("thread");

        ModelNode response = census.execute(operation);

        String message = Operations.getFailureDescription(response).asString();
        assertAll("census(group-by=thread): " + response,
                () -> assertTrue(message.contains("thread") && message.contains("group-by"), "names the value and the parameter"),
                () -> assertTrue(message.contains("creator") && message.contains("entry") && message.contains("deployment"), "names what is allowed"));
    }

    @Test
    @Order(7)
    void aRefusedCensusIsTheCallersErrorAndNoServerErrorInTheLog() throws Exception {
        Path log = ServerAddress.jbossHome().resolve("standalone/log/server.log");
        long logged = Files.size(log);
        ModelNode operation = Operations.createOperation("census", Census.ADDRESS);
        operation.get("group-by").set("nonsense");

        ModelNode response = census.execute(operation);

        String message = Operations.getFailureDescription(response).asString();
        // only what the server wrote since this test began: the file holds the whole run's log
        List<String> errors = logSince(log, logged).stream().filter(line -> line.contains(" ERROR ")).collect(Collectors.toList());
        assertAll("census(group-by=nonsense): " + response,
                () -> assertTrue(message.contains("VIGIL0032: group-by=nonsense is not allowed"), "names the parameter and the value: " + message),
                () -> assertTrue(message.contains("[creator, entry, deployment]"), "names what is allowed"),
                () -> assertEquals(List.of(), errors.stream().filter(line -> line.contains("census") || line.contains("nonsense"))
                        .collect(Collectors.toList()), "no ERROR in server.log for the refusal"));
    }

    @Test
    @Order(8)
    void aCensusOverRemoteJmxWithANegativeTopIsRefusedNamingTheAllowedRange() {
        RuntimeMBeanException refused = assertThrows(RuntimeMBeanException.class, () -> mbeans.invoke(MBEAN, "census", new Object[] { "entry", -1 },
                new String[] { String.class.getName(), int.class.getName() }));
        String message = String.valueOf(refused.getCause());
        assertTrue(message.startsWith("java.lang.IllegalArgumentException: VIGIL0031: top=-1 is not allowed: it must be a whole number from 0 (every origin) to 10000"), message);
    }

    /** The lines written to the log after it had {@code offset} bytes. */
    private static List<String> logSince(Path log, long offset) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(offset);
            ByteBuffer bytes = ByteBuffer.allocate((int) (channel.size() - offset));
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read to the end as it is now
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        }
    }

    private String get(String path) {
        return Http.get(threadsUrl.toString().replaceFirst("/?$", "/") + path).trim();
    }

    private static List<String> logLines(String text) throws IOException {
        return Files.readAllLines(ServerAddress.jbossHome().resolve("standalone/log/server.log")).stream()
                .filter(line -> line.contains(text)).collect(Collectors.toList());
    }

    private static long countInLog(String text) throws IOException {
        return logLines(text).size();
    }

    @Test
    @Order(9)
    void unknownCreatorsSayWhyAndStayWithinUnknownsCount() throws Exception {
        Map<String, Integer> byCreator = census.census("creator"); // a census now; the interval is an hour meanwhile
        ModelNode why = census.readAttribute("unknown-creators");
        int withoutStart = why.keys().stream().filter(key -> !key.equals("late")).mapToInt(key -> why.get(key).asInt()).sum();
        TabularData overJmx = (TabularData) mbeans.getAttribute(MBEAN, "UnknownCreators");
        assertAll("unknown-creators " + why + ", by creator " + byCreator,
                () -> assertEquals(List.of("tracking-off", "started-before-tracking", "event-lost", "pending", "late"), List.copyOf(why.keys()), "every reason"),
                () -> assertTrue(withoutStart <= byCreator.getOrDefault("unknown", 0), "the reasons within unknown's count"),
                () -> assertEquals(0, why.get("tracking-off").asInt(), "creator tracking is on"),
                () -> assertTrue(why.get("started-before-tracking").asInt() > 0, "the threads of the boot before the census began"),
                () -> assertEquals(why.get("started-before-tracking").asInt(), overJmx.get(new Object[] { "started-before-tracking" }).get("value"), "remote JMX"),
                () -> assertTrue(census.readAttribute("creators-revised-late").asLong() >= 0, "creators-revised-late"));
    }
}
