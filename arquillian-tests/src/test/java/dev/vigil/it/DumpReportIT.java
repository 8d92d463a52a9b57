package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.Notification;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.example.shop.Gate;

/**
 * Every dump explains itself: on a 256 MB server of its own with the shipped configuration, relay.war (the incident's
 * JSP, each request's threads keeping its envelope) leaks to CRITICAL; the dump the watermark takes gets a report from
 * the analyzer's child JVM whose suspect 1 names the threads' origin, how many, and the share of heap they keep, read
 * through jboss-cli's list-dumps and read-dump, the log and a JMX notification. A dump an OutOfMemoryError left is
 * analysed at the next boot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DumpReportIT {

    /** Every port stays below 32768, where Linux's ephemeral ports begin. */
    private static final int OFFSET = 22600;
    private static final String RELAY_WAR = "relay.war";
    private static final String JSP = "org.apache.jsp.relay_jsp";
    /** The bound: the report within 3 minutes of the dump. */
    private static final Duration REPORT_WITHIN = Duration.ofMinutes(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int THREADS_PER_REQUEST = 8;
    private static final String JAVA_OPTS = "-Xms64m -Xmx256m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -Djava.net.preferIPv4Stack=true "
            + "-Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true";

    /** What jboss-cli downloads: the reports are as secret as the dump, so nothing stays in /tmp. */
    @TempDir
    static Path downloads;
    private static Path home;
    private static Path base;
    private static ServerProcess server;
    private static HeapDumps dumps;
    private static WatermarkManagement watermark;

    @BeforeAll
    static void start() throws IOException {
        String dir = System.getProperty("vigil.guard.home");
        if (dir == null) {
            throw new IllegalStateException("System property vigil.guard.home is not set (the failsafe configuration in pom.xml sets it)");
        }
        home = Path.of(dir);
        base = ServerProcess.freshBase(home, "report-base");
        Path deployments = base.resolve("deployments");
        relayWar().as(ZipExporter.class).exportTo(deployments.resolve(RELAY_WAR).toFile(), true);
        Hoard.deployment().as(ZipExporter.class).exportTo(deployments.resolve(Hoard.WAR).toFile(), true);
        startServer();
    }

    private static void startServer() {
        server = ServerProcess.start("server-report", home, OFFSET, Map.of("JAVA_OPTS", JAVA_OPTS), "-Djboss.server.base.dir=" + base);
        server.awaitRunning();
        dumps = new HeapDumps(server.managementPort());
        watermark = new WatermarkManagement(server.managementPort());
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            Http.get(url("relay/relay.jsp?release"));
        } catch (RuntimeException alreadyDown) {
            // the server may be gone already
        } finally {
            try {
                for (Management client : new Management[] { dumps, watermark }) {
                    if (client != null) {
                        client.close();
                    }
                }
            } finally {
                server.close();
            }
        }
    }

    static WebArchive relayWar() {
        return ShrinkWrap.create(WebArchive.class, RELAY_WAR)
                .addClass(Gate.class)
                .addAsWebResource(Path.of("../examples/shop/src/main/webapp/relay.jsp").toFile(), "relay.jsp");
    }

    @Test
    @Order(1)
    void theDumpOfALeakToCriticalHasAReportWhoseSuspectOneNamesTheThreadsTheirCountAndTheirShare() throws Exception {
        int[] started = { 0 };
        try (RemoteJmx.Subscription notifications = RemoteJmx.subscribe(server.managementPort(), RemoteJmx.name("vigil:type=HeapDumps"))) {
            await("the relay threads take the heap to CRITICAL").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertEquals("started " + THREADS_PER_REQUEST, Http.get(url("relay/relay.jsp?threads=" + THREADS_PER_REQUEST + "&kib=1024")).trim());
                started[0] += THREADS_PER_REQUEST;
                Http.get(url("relay/relay.jsp?gc"));
                return watermark.state().equals("CRITICAL");
            });
            String dump = await("the watermark's dump listed").atMost(TIMEOUT)
                    .until(() -> dumps.listDumps().stream().filter(name -> name.endsWith("-heap-critical.hprof")).findFirst().orElse(null), name -> name != null);
            long dumped = System.nanoTime();
            String base = dump.substring(0, dump.length() - ".hprof".length());

            ModelNode entry = await("list-dumps shows the report done").atMost(REPORT_WITHIN).pollInterval(Duration.ofSeconds(1))
                    .until(() -> entry(dump), listed -> listed.get("analysis").asString().equals("done") || listed.get("analysis").asString().equals("failed"));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - dumped);
            System.out.println("The report of " + dump + " came " + seconds + " s after the dump was listed: " + entry);
            assertEquals("done", entry.get("analysis").asString(), "analysis; the analyzer's log: " + log(base));

            // jboss-cli, as an administrator types it: read-dump of the report's JSON and HTML, then list-dumps
            JbossCli cli = new JbossCli(home, server.managementPort());
            Path json = downloads.resolve(base + ".report.json");
            Path html = downloads.resolve(base + ".report.html");
            JbossCli.Run savedJson = cli.run("--command=attachment save --operation=/subsystem=vigil/service=heap-dumps:read-dump(name=" + base
                    + ".report.json) --file=" + json);
            JbossCli.Run savedHtml = cli.run("--command=attachment save --operation=/subsystem=vigil/service=heap-dumps:read-dump(name=" + base
                    + ".report.html) --file=" + html);
            assertAll("jboss-cli read-dump", () -> assertEquals(0, savedJson.exitCode(), savedJson.output()),
                    () -> assertEquals(0, savedHtml.exitCode(), savedHtml.output()));

            ModelNode report = ModelNode.fromJSONString(Files.readString(json));
            ModelNode first = report.get("suspects").get(0);
            ModelNode origin = first.get("thread-origin");
            // the threads alive when the dump was taken: the requests sent until CRITICAL showed, bar the last few (on a
            // loaded machine the watermark's move and its dump come a few requests after the crossing)
            int threads = origin.get("threads").asInt();
            assertTrue(threads <= started[0] && threads >= started[0] / 2, threads + " threads in the dump, " + started[0] + " started");
            JbossCli.Run listed = cli.run("--command=/subsystem=vigil/service=heap-dumps:list-dumps");
            System.out.println("jboss-cli list-dumps:\n" + listed.output());
            assertAll("jboss-cli list-dumps:\n" + listed.output(),
                    () -> assertTrue(listed.output().contains("\"report\" => \"" + base + ".report.html\""), "names the report"),
                    () -> assertTrue(listed.output().contains("\"suspect\" => \"" + threads + " threads of " + JSP + "$1"), "and suspect 1"));
            ModelNode relay = report.get("deployments").asList().stream().filter(d -> d.get("deployment").asString().equals("deployment." + RELAY_WAR))
                    .findFirst().orElseThrow(() -> new AssertionError("no row deployment." + RELAY_WAR + " in " + report.get("deployments")));
            // the JSP's classes come from Jasper's loader, whose parent is the deployment's
            assertTrue(relay.get("retained-percent").asDouble() >= 40, "relay.war keeps most of the heap: " + relay);
            List<String> path = first.get("path").asList().stream().map(ModelNode::asString).toList();
            String description = first.get("description").asString();
            assertAll("suspect 1 of " + json + ": " + first,
                    () -> assertEquals("threads", first.get("kind").asString(), "kind"),
                    () -> assertEquals(List.of(JSP + "$1", JSP, "deployment." + RELAY_WAR), List.of(origin.get("entry").asString(),
                            origin.get("creator").asString(), origin.get("deployment").asString()), "origin: entry, creator, deployment"),
                    () -> assertTrue(first.get("retained-percent").asDouble() >= 40, "they keep most of the heap"),
                    () -> assertTrue(first.get("retained-bytes").asLong() >= threads * 1024L * 1024, "at least their envelopes' parts"),
                    () -> assertTrue(description.startsWith(threads + " threads of " + JSP + "$1 (created by " + JSP + ", deployment." + RELAY_WAR + ") keep "),
                            "the sentence: " + description),
                    () -> assertTrue(description.contains("% of the heap"), "the share: " + description),
                    () -> assertTrue(path.get(0).startsWith("Thread relay-"), "the path starts at a relay thread: " + path),
                    () -> assertTrue(path.contains("relay_jsp$1.val$env"), "through the captured local: " + path),
                    () -> assertTrue(path.contains("relay_jsp$Envelope.parts"), "through the envelope: " + path),
                    () -> assertEquals("byte[]", path.get(path.size() - 1), "to its parts: " + path),
                    () -> assertTrue(text(Files.readString(html)).contains(description), "the HTML says it too"));

            String log = server.log();
            assertAll("the server log",
                    () -> assertTrue(log.contains("VIGIL0247: Analysing heap dump " + dump + " in a child JVM"), "VIGIL0247"),
                    () -> assertTrue(log.contains("VIGIL0240: Dump report for " + dump) && log.contains("Suspect 1: " + description), "VIGIL0240"));
            Notification analysed = await("vigil.heap-dump.analysed").atMost(TIMEOUT)
                    .until(() -> notifications.notifications.stream().filter(n -> n.getType().equals("vigil.heap-dump.analysed")).findFirst().orElse(null),
                            n -> n != null);
            assertEquals(base + ".report.html", analysed.getUserData(), "its userData: the report");
        } finally {
            Http.get(url("relay/relay.jsp?release"));
            Http.get(url("relay/relay.jsp?gc"));
        }
    }

    @Test
    @Order(2)
    void aDumpAnOutOfMemoryErrorLeftIsAnalysedAtTheNextBoot() throws Exception {
        // only the JVM's own dump is wanted here
        assertTrue(Operations.isSuccessfulOutcome(watermark.writeAttribute("on-critical", new ModelNode().add("notify"))));
        await("NORMAL after the release").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            Http.get(url("relay/relay.jsp?gc"));
            return watermark.state().equals("NORMAL");
        });
        assertTrue(Http.get(url("hoard/hoard?exhaust")).trim().startsWith("OutOfMemoryError"), "hoard.war ran out of memory");
        String oome = await("the JVM's dump listed").atMost(TIMEOUT)
                .until(() -> dumps.listDumps().stream().filter(name -> name.endsWith("-out-of-memory.hprof")).findFirst().orElse(null), name -> name != null);
        assertEquals("none", entry(oome).get("analysis").asString(), "not analysed while the server that wrote it runs");

        dumps.close();
        watermark.close();
        server.close();
        startServer();

        ModelNode entry = await("the next boot analyses it").atMost(REPORT_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> entry(oome), listed -> listed.get("analysis").asString().equals("done") || listed.get("analysis").asString().equals("failed"));
        assertAll("after the reboot: " + entry,
                () -> assertEquals("done", entry.get("analysis").asString(), "analysis; its log: " + log(oome.substring(0, oome.length() - ".hprof".length()))),
                () -> assertTrue(server.log().contains("VIGIL0248: Heap dump " + oome + " was left by an OutOfMemoryError and has no report yet"), "VIGIL0248"));
    }

    private static ModelNode entry(String file) {
        return dumps.result(Operations.createOperation("list-dumps", HeapDumps.ADDRESS)).asList().stream()
                .filter(dump -> dump.get("file").asString().equals(file)).findFirst().orElseThrow();
    }

    private static String log(String base) {
        try {
            return Files.readString(DumpReportIT.base.resolve("data/vigil/heap-dumps").resolve(base + ".analyzer.log"));
        } catch (IOException e) {
            return "(none: " + e + ")";
        }
    }

    /** An HTML page's text: its tags gone (the report lets long class names wrap with {@code <wbr>}), its entities read. */
    private static String text(String html) {
        return html.replaceAll("<[^>]*>", "").replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + (ServerProcess.HTTP_PORT + OFFSET) + "/" + path;
    }

    static {
        assertFalse(OFFSET + ServerProcess.MANAGEMENT_PORT >= 32768, "ports below 32768");
    }
}
