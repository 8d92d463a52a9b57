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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.vigil.it.hoard.HoardServlet;

/**
 * Dumps nobody asked for by hand: the shipped watermark's on-critical="histogram dump-heap" when a deployment
 * hoards memory, held back by the cooldown the second time, and the JVM's own dump pointed at the dump directory.
 * The steps share the server's heap, so they run in order. (A real OutOfMemoryError runs on a server of its own:
 * {@link OutOfMemoryIT}.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    @Order(1)
    void theCriticalWatermarkTakesAHistogramAndADumpBesideIt() throws Exception {
        // Another test may have taken a triggered dump already: start this story outside any cooldown.
        dumps.restore("cooldown", new ModelNode(0));
        assertEquals(List.of("histogram", "thread-census", "dump-heap"), strings(watermark.readAttribute("on-critical")), "shipped on-critical");
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
                () -> assertTrue(serverLog().contains("VIGIL0303: Thread census for watermark 'heap' entering CRITICAL"), "the census logged in short"),
                () -> assertTrue(serverLog().contains("VIGIL0204"), "the histogram logged in short"),
                () -> assertEquals(1, Hprof.instancesOf(HeapDumps.directory().resolve(dump), HoardServlet.class.getName()), "the hoard's servlet in the dump"));

        hoard.releaseAndCollect();
        awaitState("NORMAL");
    }

    @Test
    @Order(2)
    void aSecondCriticalWithinTheCooldownTakesNoDump() throws Exception {
        dumps.restore("cooldown", new ModelNode(3600));
        List<String> before = dumps.listDumps();
        long skippedBefore = countInLog("VIGIL0203");

        hoard.addAndCollect(hoard.megabytesToReach(watermark, CRITICAL_TARGET));
        awaitState("CRITICAL");

        await("the dump-heap action skipped for the cooldown").atMost(MOVE_TIMEOUT).until(() -> countInLog("VIGIL0203"), n -> n > skippedBefore);
        assertAll(
                () -> assertEquals(before, dumps.listDumps(), "no new dump"),
                () -> assertTrue(serverLog().contains("cooldown=3600 s"), "the log names the cooldown"));

        hoard.releaseAndCollect();
        awaitState("NORMAL");
    }

    @Test
    @Order(3)
    void onOutOfMemoryPointsTheJvmsOwnDumpAtTheDirectoryAndPutsItBackWhenOff() throws Exception {
        assertAll("shipped on-out-of-memory=true",
                () -> assertEquals("true", vmOption("HeapDumpOnOutOfMemoryError")),
                () -> assertEquals(HeapDumps.directory().toString(), vmOption("HeapDumpPath")));
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

    private static String serverLog() throws IOException {
        return Files.readString(ServerAddress.jbossHome().resolve("standalone/log/server.log"));
    }

    private static long countInLog(String text) throws IOException {
        return serverLog().lines().filter(line -> line.contains(text)).count();
    }

    private static List<String> strings(ModelNode list) {
        return list.asList().stream().map(ModelNode::asString).collect(Collectors.toList());
    }
}
