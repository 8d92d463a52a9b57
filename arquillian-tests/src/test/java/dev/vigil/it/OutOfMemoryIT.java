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
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vigil.it.hoard.HoardServlet;

/**
 * A deployment runs the server out of memory, on a server of its own: an OutOfMemoryError strikes whichever thread
 * allocates next, the Jolokia agent's and JFR's included, so it must not share the server the other tests use. The
 * JVM's own dump lands where list-dumps shows it, and Vigil keeps watching afterwards: the watermark reports the way
 * back, the census counts new threads by entry and deployment, and creator tracking either still names their creator
 * or says plainly (VIGIL0309) that JFR delivers no thread starts any more, instead of silently calling them unknown.
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
        base = home.getParent().resolve("oom-base");
        deleteTree(base);
        ServerProcess.copyBase(home.resolve("standalone"), base);
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
        String expected = "java_pid" + server.javaPid() + ".hprof";

        // The heap stays full for 2 s, as in the incident: other threads (JFR's, the server's) get OutOfMemoryErrors too.
        String answer = Http.get(url("hoard/hoard?exhaust&hold=2000")).trim();

        assertTrue(answer.startsWith("OutOfMemoryError"), "hoard.war ran out of memory: " + answer);
        await(expected + " listed").atMost(TIMEOUT).until(this::dumpNames, names -> names.contains(expected));
        ModelNode listed = dumps.result(Operations.createOperation("list-dumps", HeapDumps.ADDRESS)).asList().stream()
                .filter(dump -> dump.get("file").asString().equals(expected)).findFirst().orElseThrow();
        Path dump = base.resolve("data/vigil/heap-dumps").resolve(expected);
        assertAll("list-dumps shows " + listed,
                () -> assertEquals("out-of-memory", listed.get("trigger").asString(), "trigger"),
                () -> assertEquals(1, Hprof.instancesOf(dump, HoardServlet.class.getName()), "a whole HPROF holding the hoard's servlet"),
                () -> assertEquals("running", watermark.serverState(), "the server survived"));

        // The watermark saw the way up and reports the way back (the hoard let go of everything).
        Http.get(url("hoard/hoard?release&gc"));
        await("watermark NORMAL again").atMost(TIMEOUT).until(watermark::state, "NORMAL"::equals);
        assertTrue(log().contains("VIGIL0102"), "the way up was reported (VIGIL0102 CRITICAL)");

        // New threads after the OutOfMemoryError: the incident's JSP, once per request.
        for (int i = 0; i < REQUESTS; i++) {
            assertEquals("started", Http.get(url("threads/bot_api.jsp")).trim());
        }
        // by-entry is the last periodic census's: it shows them only if the census still runs on its own
        await("the periodic census counts them by entry").atMost(TIMEOUT)
                .until(() -> census.readAttribute("by-entry").get(Census.JSP_RUNNABLE), n -> n.isDefined() && n.asInt() == REQUESTS);
        assertEquals(REQUESTS, census.count("deployment", "deployment." + THREADS_WAR), "by deployment");

        // Their creator: still tracked, or tracking said it is lost. Never unknown without a word.
        await("creator tracking names the JSP or says it is lost").atMost(TIMEOUT)
                .until(() -> census.count("creator", Census.JSP) == REQUESTS || log().contains("VIGIL0309"));
        if (census.count("creator", Census.JSP) != REQUESTS) {
            String lost = log().lines().filter(line -> line.contains("VIGIL0309")).findFirst().orElseThrow();
            assertAll("creator tracking lost: " + lost,
                    () -> assertTrue(census.count("creator", "unknown") >= REQUESTS, "the JSP's threads count under unknown"),
                    () -> assertEquals(1, log().lines().filter(line -> line.contains("VIGIL0309")).count(), "said once"));
        }
        assertFalse(log().contains("VIGIL0304"), "no census failed");
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

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
