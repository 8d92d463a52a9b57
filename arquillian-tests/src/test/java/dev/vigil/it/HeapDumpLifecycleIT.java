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
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Heap dumps come and go with the management model, at once: removed, the MBean is gone, the JVM's flags are as
 * before Vigil, the dumps already written stay, and the watermark's actions say they cannot run; added back, all
 * returns. The steps share the removal, so they run in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeapDumpLifecycleIT {

    private static final ObjectName MBEAN = RemoteJmx.name(HeapDumps.MBEAN);
    private static final ObjectName HOTSPOT = RemoteJmx.name("com.sun.management:type=HotSpotDiagnostic");
    private static ModelNode shippedConfiguration;
    private static List<String> filesBefore;

    @Test
    @Order(1)
    void removingHeapDumpsStopsThemAtOnceAndKeepsTheDumpsWritten() throws Exception {
        try (HeapDumps dumps = new HeapDumps(); JMXConnector jmx = RemoteJmx.connect()) {
            dumps.dumpHeap(true, false);
            ModelNode read = Operations.createReadResourceOperation(HeapDumps.ADDRESS);
            shippedConfiguration = dumps.result(read);
            filesBefore = files();

            ModelNode removed = dumps.execute(Operations.createRemoveOperation(HeapDumps.ADDRESS));

            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            assertAll("after remove: " + removed,
                    () -> assertTrue(Operations.isSuccessfulOutcome(removed), "removed"),
                    () -> assertFalse(removed.hasDefined("response-headers", "operation-requires-reload"), "no reload asked"),
                    () -> assertEquals("running", dumps.serverState(), "server-state"),
                    () -> assertFalse(mbeans.isRegistered(MBEAN), MBEAN + " unregistered"),
                    () -> assertEquals("false", vmOption(mbeans, "HeapDumpOnOutOfMemoryError"), "the JVM's flag as before Vigil"),
                    () -> assertEquals("", vmOption(mbeans, "HeapDumpPath"), "the JVM's path as before Vigil"),
                    () -> assertEquals(filesBefore, files(), "the dumps written stay"));
        }
    }

    @Test
    @Order(2)
    void withoutHeapDumpsTheWatermarkActionsSayTheyCannotRun() throws Exception {
        try (WatermarkManagement watermark = new WatermarkManagement()) {
            long before = countInLog("VIGIL0210");
            ModelNode warning = watermark.readAttribute("warning");
            ModelNode critical = watermark.readAttribute("critical");
            try {
                // Levels below the heap in use: the watermark moves to CRITICAL at once and runs its actions.
                assertTrue(Operations.isSuccessfulOutcome(watermark.writeAttribute("warning", new ModelNode(1))));
                assertTrue(Operations.isSuccessfulOutcome(watermark.writeAttribute("critical", new ModelNode(2))));
                await("VIGIL0210 for histogram and dump-heap").atMost(Duration.ofSeconds(30)).until(() -> countInLog("VIGIL0210"), n -> n >= before + 2);
            } finally {
                watermark.writeAttribute("critical", critical);
                watermark.writeAttribute("warning", warning);
            }
            assertTrue(lastLine("VIGIL0210").contains("/subsystem=vigil/service=heap-dumps:add"), "says what to do: " + lastLine("VIGIL0210"));
        }
    }

    @Test
    @Order(3)
    void addingHeapDumpsBackStartsThemAtOnce() throws Exception {
        try (HeapDumps dumps = new HeapDumps(); JMXConnector jmx = RemoteJmx.connect()) {
            ModelNode add = Operations.createAddOperation(HeapDumps.ADDRESS);
            for (String attribute : shippedConfiguration.keys()) {
                add.get(attribute).set(shippedConfiguration.get(attribute));
            }

            ModelNode added = dumps.execute(add);

            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            assertAll("after add: " + added,
                    () -> assertTrue(Operations.isSuccessfulOutcome(added), "added"),
                    () -> assertTrue(mbeans.isRegistered(MBEAN), MBEAN + " registered"),
                    () -> assertEquals("true", vmOption(mbeans, "HeapDumpOnOutOfMemoryError"), "the JVM's flag set again"),
                    () -> assertEquals(HeapDumps.directory(), java.nio.file.Path.of(vmOption(mbeans, "HeapDumpPath")).getParent(), "the JVM's path: a file in the directory"),
                    () -> assertEquals(dumpsIn(filesBefore), dumps.listDumps().stream().sorted().collect(Collectors.toList()), "the same dumps listed"));
        }
    }

    private static String vmOption(MBeanServerConnection mbeans, String name) throws Exception {
        CompositeData option = (CompositeData) mbeans.invoke(HOTSPOT, "getVMOption", new Object[] { name }, new String[] { String.class.getName() });
        return (String) option.get("value");
    }

    private static List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(HeapDumps.directory())) {
            return files.map(file -> file.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> dumpsIn(List<String> files) {
        return files.stream().filter(name -> name.endsWith(".hprof") || name.endsWith(".hprof.gz")).sorted().collect(Collectors.toList());
    }

    private static List<String> log() throws IOException {
        return Files.readAllLines(ServerAddress.jbossHome().resolve("standalone/log/server.log"));
    }

    private static long countInLog(String text) throws IOException {
        return log().stream().filter(line -> line.contains(text)).count();
    }

    private static String lastLine(String text) throws IOException {
        List<String> lines = log().stream().filter(line -> line.contains(text)).collect(Collectors.toList());
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
