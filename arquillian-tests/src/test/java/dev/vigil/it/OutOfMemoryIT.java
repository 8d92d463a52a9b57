package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.hoard.HoardServlet;

/**
 * A deployment runs into OutOfMemoryError: Java heap space, on a server of its own, so that nothing of it can reach the
 * server the other tests share (an OutOfMemoryError from a full heap once ended the Jolokia agent's HTTP thread there).
 * The JVM's own dump lands where list-dumps shows it, and Vigil keeps watching afterwards: the watermark follows the
 * heap, the periodic census counts new threads by entry and deployment, and creator tracking names their creator.
 * <p>
 * The error comes from one allocation larger than the heap, so it strikes the deployment's request only. A heap that
 * stays full strikes whichever thread allocates next, WildFly's management and transaction threads included, and no
 * test can depend on what survives that. What Vigil does then (its periodic loops survive; creator tracking restarts
 * its stream, and reports VIGIL0309 when JFR itself has stopped) is tested in {@code PeriodicTest} and
 * {@code CreatorTrackerTest}, and was seen on a real server (README, "After an OutOfMemoryError").
 */
class OutOfMemoryIT {

    /** Every port stays below 32768, where Linux's ephemeral ports begin (a client's socket there fails the bind). */
    private static final int OFFSET = 22500;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String THREADS_WAR = "threads.war";
    private static final int REQUESTS = 5;
    /** The heap arquillian.xml gives the shared server: small, so that it runs out quickly. */
    private static final String JAVA_OPTS = "-Xms64m -Xmx256m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -Djava.net.preferIPv4Stack=true "
            + "-Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true";

    private static Path base;
    private static ServerProcess server;
    private static Management dumps;
    private static WatermarkManagement watermark;
    private static Census census;

    @BeforeAll
    static void start() throws IOException {
        String dir = System.getProperty("vigil.guard.home");
        if (dir == null) {
            throw new IllegalStateException("System property vigil.guard.home is not set (the failsafe configuration in pom.xml sets it)");
        }
        Path home = Path.of(dir);
        base = ServerProcess.freshBase(home, "oom-base");
        Path deployments = base.resolve("deployments");
        Hoard.deployment().as(ZipExporter.class).exportTo(deployments.resolve(Hoard.WAR).toFile(), true);
        Census.war(THREADS_WAR).as(ZipExporter.class).exportTo(deployments.resolve(THREADS_WAR).toFile(), true);

        server = ServerProcess.start("server-oom", home, OFFSET, Map.of("JAVA_OPTS", JAVA_OPTS), "-Djboss.server.base.dir=" + base);
        server.awaitRunning();
        dumps = server.management(HeapDumps.ADDRESS);
        watermark = new WatermarkManagement(server.managementPort());
        census = new Census(server.managementPort());
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (census != null) {
                Http.get(url("threads/bot_api.jsp?release"));
            }
        } finally {
            try {
                for (Management client : new Management[] { dumps, watermark, census }) {
                    if (client != null) {
                        client.close();
                    }
                }
            } finally {
                server.close();
            }
        }
    }

    @Test
    void vigilKeepsWatchingAfterADeploymentRanTheServerOutOfMemory() throws Exception {
        // Only the JVM's own dump is wanted here, not one of Vigil's on the way up.
        assertTrue(Operations.isSuccessfulOutcome(watermark.writeAttribute("on-critical", new ModelNode().add("notify"))));
        // Named for this JVM run, so that a reused pid (a container's pid 1) never finds the name taken.
        String pattern = "[\\w.-]+-" + server.javaPid() + "-\\d{8}-\\d{6}-out-of-memory\\.hprof";

        String answer = Http.get(url("hoard/hoard?exhaust")).trim();

        assertTrue(answer.startsWith("OutOfMemoryError"), "hoard.war ran out of memory: " + answer);
        String expected = await("<server>-<pid>-<JVM start>-out-of-memory.hprof listed").atMost(TIMEOUT)
                .until(() -> dumpNames().stream().filter(name -> name.matches(pattern)).findFirst().orElse(null), name -> name != null);
        ModelNode listed = dumps.result(Operations.createOperation("list-dumps", HeapDumps.ADDRESS)).asList().stream()
                .filter(dump -> dump.get("file").asString().equals(expected)).findFirst().orElseThrow();
        Path dump = base.resolve("data/vigil/heap-dumps").resolve(expected);
        assertAll("list-dumps shows " + listed,
                () -> assertEquals("out-of-memory", listed.get("trigger").asString(), "trigger"),
                () -> assertEquals(1, Hprof.instancesOf(dump, HoardServlet.class.getName()), "a whole HPROF holding the hoard's servlet"),
                () -> assertEquals("running", watermark.serverState(), "the server survived"));

        // The watermark still follows the heap: a leak after the error takes it to CRITICAL, its release back to NORMAL.
        Hoard hoard = new Hoard(new URL(url("hoard")));
        hoard.addAndCollect(hoard.megabytesToReach(watermark, 89));
        await("watermark CRITICAL").atMost(TIMEOUT).until(watermark::state, "CRITICAL"::equals);
        hoard.releaseAndCollect();
        await("watermark NORMAL again").atMost(TIMEOUT).until(watermark::state, "NORMAL"::equals);

        // New threads after the OutOfMemoryError: the incident's JSP, once per request.
        for (int i = 0; i < REQUESTS; i++) {
            assertEquals("started", Http.get(url("threads/bot_api.jsp")).trim());
        }
        // by-entry is the last periodic census's: it shows them only if the census still runs on its own
        await("the periodic census counts them by entry").atMost(TIMEOUT)
                .until(() -> census.readAttribute("by-entry").get(Census.JSP_RUNNABLE), n -> n.isDefined() && n.asInt() == REQUESTS);
        // By deployment, the JSP's threads are all there, and maybe one more: an Undertow worker ("default task-2") that
        // the pool created while it ran a request of threads.war inherits that deployment's context class loader and
        // keeps it while idle, so the census rightly counts it for threads.war (seen in two runs of twelve, for a
        // minute and more). Entry and creator, exact below and above, name the JSP's threads only.
        ModelNode byDeployment = census.row("deployment", "deployment." + THREADS_WAR);
        assertTrue(byDeployment.get("count").asInt(0) >= REQUESTS, "by deployment: " + byDeployment.toJSONString(true));

        await("creator tracking names the JSP").atMost(TIMEOUT).until(() -> census.count("creator", Census.JSP), n -> n == REQUESTS);
        assertEquals("on", census.readAttribute("creator-tracking-state").asString(), "creator-tracking-state");
        assertAll("the server log",
                () -> assertFalse(log().contains("VIGIL0304"), "no census failed"),
                () -> assertFalse(log().contains("VIGIL0309"), "creator tracking was not lost"));
    }

    private java.util.List<String> dumpNames() {
        return dumps.result(Operations.createOperation("list-dumps", HeapDumps.ADDRESS)).asList().stream()
                .map(dump -> dump.get("file").asString()).collect(java.util.stream.Collectors.toList());
    }

    private static String url(String path) {
        return "http://" + ServerAddress.HOST + ":" + (ServerProcess.HTTP_PORT + OFFSET) + "/" + path;
    }

    private static String log() throws IOException {
        return Files.readString(base.resolve("log/server.log"));
    }
}
