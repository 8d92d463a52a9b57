package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.example.hoard.HoardServlet;

/**
 * Dumps nobody asked for by hand: the shipped watermark's on-critical="histogram thread-census leak-suspects dump-heap" when a
 * deployment hoards memory, each action held back by the cooldown when CRITICAL comes again, and the JVM's own dump
 * pointed at the dump directory. Each test stands alone (it sets the cooldown it needs and releases the hoard); each
 * reads only the part of server.log written while it ran. (A real OutOfMemoryError runs on a server of its own:
 * {@link OutOfMemoryIT}.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HeapDumpTriggerIT {

    private static final double CRITICAL_TARGET = 89;
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectName HOTSPOT = RemoteJmx.name("com.sun.management:type=HotSpotDiagnostic");

    private static HeapDumps dumps;
    private static WatermarkManagement watermark;
    private static JMXConnector jmx;
    private static MBeanServerConnection mbeans;
    private static ModelNode shippedCooldown;
    private static Hoard hoard;

    @ArquillianResource
    private URL hoardUrl;

    @Deployment(testable = false)
    static WebArchive hoardWar() {
        return Hoard.deployment();
    }

    @BeforeAll
    static void connect() {
        dumps = new HeapDumps();
        watermark = new WatermarkManagement();
        jmx = RemoteJmx.connect();
        try {
            mbeans = jmx.getMBeanServerConnection();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        shippedCooldown = dumps.readAttribute("cooldown");
    }

    @BeforeEach
    void reachTheHoard() {
        hoard = new Hoard(hoardUrl);
    }

    @AfterAll
    static void restore() throws Exception {
        try {
            if (hoard != null) {
                hoard.releaseAndCollect();
            }
            dumps.restore("cooldown", shippedCooldown);
        } finally {
            jmx.close();
            dumps.close();
            watermark.close();
        }
    }

    @Test
    void theCriticalWatermarkTakesAHistogramAndADumpBesideIt() throws Exception {
        // Another test may have taken a triggered dump already: start this story outside any cooldown.
        dumps.restore("cooldown", new ModelNode(0));
        ServerLog log = ServerLog.fromNow();
        assertEquals(List.of("histogram", "thread-census", "leak-suspects", "dump-heap"), strings(watermark.readAttribute("on-critical")), "shipped on-critical");
        List<String> before = dumps.listDumps();

        hoard.addAndCollect(hoard.megabytesToReach(watermark, CRITICAL_TARGET));
        awaitState("CRITICAL");

        String dump = await("a dump triggered by heap-critical").atMost(MOVE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> newDumps(before).stream().filter(name -> name.contains("-heap-critical")).findFirst().orElse(null), name -> name != null);
        String base = dump.substring(0, dump.length() - ".hprof".length());
        Path histogram = HeapDumps.directory().resolve(base + ".histogram.txt");
        ModelNode metadata = ModelNode.fromJSONString(Files.readString(HeapDumps.directory().resolve(base + ".json")));
        ModelNode top = metadata.get("histogram", "top").get(0);
        assertAll("the dump " + dump + ", its metadata " + metadata,
                () -> assertTrue(dump.endsWith("-heap-critical.hprof"), "named for the trigger"),
                () -> assertEquals("heap-critical", metadata.get("trigger").asString(), "trigger"),
                () -> assertEquals("watermark 'heap' entering CRITICAL", metadata.get("requested-by").asString(), "requested-by"),
                () -> assertEquals("CRITICAL", metadata.get("cause", "to").asString(), "the move's state"),
                () -> assertEquals("heap", metadata.get("cause", "watermark").asString(), "the move's watermark"),
                () -> assertTrue(metadata.get("cause", "usage-percent").asDouble() >= 85, "the move's reading"),
                // hoard.war holds its memory in 16 KB byte arrays: the histogram must name them first
                () -> assertEquals("byte[]", top.get("class").asString(), "the largest class"),
                () -> assertTrue(Files.readString(histogram).contains("byte[]"), "the histogram file beside the dump: " + histogram),
                () -> assertTrue(Files.readString(HeapDumps.directory().resolve(base + ".threads.txt")).contains("by entry:"),
                        "the thread census beside the dump"),
                () -> assertTrue(log.text().contains("VIGIL0303: Thread census for watermark 'heap' entering CRITICAL"), "the census logged in short"),
                () -> assertTrue(log.text().contains("VIGIL0204"), "the histogram logged in short"),
                () -> assertEquals(1, Hprof.instancesOf(HeapDumps.directory().resolve(dump), HoardServlet.class.getName()), "the hoard's servlet in the dump"));

        hoard.releaseAndCollect();
        awaitState("NORMAL");
    }

    @Test
    void aSecondCriticalWithinTheCooldownRunsNoActionAgain() throws Exception {
        dumps.restore("cooldown", new ModelNode(3600));
        // The first CRITICAL within this cooldown runs the actions (unless an earlier test's did, within the hour)...
        criticalThenNormal();
        List<String> before = dumps.listDumps();
        long histograms = dumps.readAttribute("histograms-taken").asLong();
        ServerLog log = ServerLog.fromNow();

        // ...the second runs none of them: no forced GC for a histogram, no census, no dump.
        hoard.addAndCollect(hoard.megabytesToReach(watermark, CRITICAL_TARGET));
        awaitState("CRITICAL");

        await("the dump-heap action skipped for the cooldown").atMost(MOVE_TIMEOUT).until(() -> log.lines("VIGIL0203").size(), n -> n > 0);
        assertAll("server.log since the second CRITICAL: " + log.lines("VIGIL"),
                () -> assertEquals(before, dumps.listDumps(), "no new dump"),
                () -> assertEquals(histograms, dumps.readAttribute("histograms-taken").asLong(), "no new histogram (a forced full GC)"),
                () -> assertTrue(log.lines("VIGIL0203").get(0).contains("cooldown=3600 s"), "the dump's skip names the cooldown"),
                () -> assertEquals(1, log.lines("VIGIL0229: Action 'histogram'").size(), "the histogram skipped, once"),
                () -> assertEquals(1, log.lines("VIGIL0229: Action 'thread-census'").size(), "the census skipped, once"),
                () -> assertTrue(log.lines("VIGIL0229").stream().allMatch(line -> line.contains(" INFO ") && line.matches(".*until \\S+ \\(in \\d+ s\\).*")),
                        "each skip is one INFO line saying when it may run again"),
                () -> assertEquals(List.of(), log.lines("VIGIL0204"), "no histogram logged"),
                () -> assertEquals(List.of(), log.lines("VIGIL0303"), "no census logged"));

        hoard.releaseAndCollect();
        awaitState("NORMAL");
    }

    private void criticalThenNormal() {
        List<String> before = dumps.listDumps();
        ServerLog log = ServerLog.fromNow();
        hoard.addAndCollect(hoard.megabytesToReach(watermark, CRITICAL_TARGET));
        awaitState("CRITICAL");
        // dump-heap is the last of the move's actions: once it wrote a dump or was skipped, all of them are done
        await("the first move's actions done").atMost(MOVE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> !newDumps(before).isEmpty() || !log.lines("VIGIL0203").isEmpty());
        hoard.releaseAndCollect();
        awaitState("NORMAL");
    }

    @Test
    void onOutOfMemoryPointsTheJvmsOwnDumpAtAFileOfThisRunInTheDirectoryAndPutsItBackWhenOff() throws Exception {
        String path = vmOption("HeapDumpPath");
        assertAll("shipped on-out-of-memory=true: HeapDumpPath=" + path,
                () -> assertEquals("true", vmOption("HeapDumpOnOutOfMemoryError")),
                () -> assertEquals(HeapDumps.directory(), Path.of(path).getParent(), "in the dump directory"),
                () -> assertTrue(Path.of(path).getFileName().toString().matches("[\\w.-]+-\\d+-\\d{8}-\\d{6}-out-of-memory\\.hprof"),
                        "named <server>-<pid>-<JVM start>-out-of-memory.hprof"));
        try {
            assertTrue(Operations.isSuccessfulOutcome(dumps.writeAttribute("on-out-of-memory", ModelNode.FALSE)));
            assertAll("on-out-of-memory=false: the JVM's flags as they were before Vigil (arquillian.xml sets none)",
                    () -> assertEquals("false", vmOption("HeapDumpOnOutOfMemoryError")),
                    () -> assertEquals("", vmOption("HeapDumpPath")));
        } finally {
            dumps.restore("on-out-of-memory", ModelNode.TRUE);
        }
        assertEquals("true", vmOption("HeapDumpOnOutOfMemoryError"), "on again");
    }

    private void awaitState(String state) {
        await("state " + state).atMost(MOVE_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(watermark::state, equalTo(state));
    }

    private static String vmOption(String name) throws Exception {
        CompositeData option = (CompositeData) mbeans.invoke(HOTSPOT, "getVMOption", new Object[] { name }, new String[] { String.class.getName() });
        return (String) option.get("value");
    }

    private static List<String> newDumps(List<String> before) {
        return dumps.listDumps().stream().filter(name -> !before.contains(name)).collect(Collectors.toList());
    }

    private static List<String> strings(ModelNode list) {
        return list.asList().stream().map(ModelNode::asString).collect(Collectors.toList());
    }
}
