package dev.vigil.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Jolokia agent has no authentication by default, so its access policy (jolokia-access.xml) is all that stands
 * between any local user or deployment and the JVM: reads and the census are answered, every operation that writes
 * a file, loads an agent or changes the server is refused. Before the policy, each refused request here succeeded
 * (HotSpotDiagnostic wrote a dump into welcome-content, which Undertow serves on 8080 to anyone).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JolokiaPolicyIT {

    private static final String URL = ServerAddress.JOLOKIA_URL;

    @Test
    void hotSpotDiagnosticDumpHeapToAPathOfTheCallersChoosingIsRefused() {
        Path served = ServerAddress.jbossHome().resolve("welcome-content/jolokia-" + System.nanoTime() + ".hprof");

        ModelNode answer = Jolokia.answer(URL, Jolokia.execRequest("com.sun.management:type=HotSpotDiagnostic", "dumpHeap",
                new ModelNode().add(served.toString()).add(true)));

        assertAll("HotSpotDiagnostic.dumpHeap answered " + answer,
                () -> assertRefused(answer),
                () -> assertFalse(Files.exists(served), "no dump in welcome-content"));
    }

    @Test
    void vigilsDumpHeapIsRefusedWithoutJolokiasAuthentication() throws Exception {
        try (HeapDumps dumps = new HeapDumps()) {
            List<String> before = dumps.listDumps();

            ModelNode answer = Jolokia.answer(URL, Jolokia.execRequest(HeapDumps.MBEAN, "dumpHeap", new ModelNode().add(true)));

            assertAll("vigil:type=HeapDumps dumpHeap answered " + answer,
                    () -> assertRefused(answer),
                    () -> assertEquals(before, dumps.listDumps(), "no dump written"));
        }
    }

    @Test
    void diagnosticCommandFlightRecorderAndJavaLangOperationsAreRefused() {
        List<ModelNode> requests = List.of(
                Jolokia.execRequest("com.sun.management:type=DiagnosticCommand", "jvmtiAgentLoad", new ModelNode().add(new ModelNode().add("/tmp/agent.so"))),
                Jolokia.execRequest("com.sun.management:type=DiagnosticCommand", "help", new ModelNode().add(new ModelNode().setEmptyList())),
                Jolokia.execRequest("jdk.management.jfr:type=FlightRecorder", "newRecording", new ModelNode().setEmptyList()),
                Jolokia.execRequest("java.lang:type=Memory", "gc", new ModelNode().setEmptyList()),
                Jolokia.execRequest("java.lang:type=Threading", "dumpAllThreads", new ModelNode().add(true).add(true)));
        for (ModelNode request : requests) {
            ModelNode answer = Jolokia.answer(URL, request);
            assertRefused(answer);
        }
    }

    @Test
    void theManagementModelCannotBeWrittenOrRunThroughJolokia() throws Exception {
        ModelNode write = new ModelNode();
        write.get("type").set("write");
        write.get("mbean").set(ServerAddress.WATERMARK_MODEL_MBEAN);
        write.get("attribute").set("warning");
        write.get("value").set(5);
        try (WatermarkManagement watermark = new WatermarkManagement()) {
            ModelNode before = watermark.readAttribute("warning");

            ModelNode written = Jolokia.answer(URL, write);
            ModelNode dumped = Jolokia.answer(URL, Jolokia.execRequest("jboss.as:subsystem=vigil,service=heap-dumps", "dumpHeap",
                    new ModelNode().add(true).add(false)));
            ModelNode reset = Jolokia.answer(URL, Jolokia.execRequest(ServerAddress.WATERMARK_MBEAN, "resetPeak", new ModelNode().setEmptyList()));

            assertAll(() -> assertRefused(written), () -> assertRefused(dumped), () -> assertRefused(reset),
                    () -> assertEquals(before, watermark.readAttribute("warning"), "warning unchanged"));
        }
    }

    @Test
    void everyReadTheReadmeShowsTheCensusAndListDumpsAreAnswered() {
        ModelNode census = Jolokia.answer(URL, Jolokia.execRequest(Census.MBEAN, "census", new ModelNode().add("creator").add(5)));
        ModelNode listDumps = Jolokia.answer(URL, Jolokia.execRequest(HeapDumps.MBEAN, "listDumps", new ModelNode().setEmptyList()));
        ModelNode version = ModelNode.fromJSONString(Http.get(URL + "/version"));
        ModelNode list = ModelNode.fromJSONString(Http.get(URL + "/list/vigil"));
        ModelNode search = ModelNode.fromJSONString(Http.get(URL + "/search/vigil:*"));

        assertAll(() -> assertTrue(Jolokia.read(ServerAddress.WATERMARK_MBEAN, null).has("State"), "read the watermark"),
                () -> assertTrue(List.of("NORMAL", "WARNING", "CRITICAL").contains(Jolokia.read(ServerAddress.WATERMARK_MBEAN, "State").asString()), "read State"),
                () -> assertTrue(Jolokia.read(ServerAddress.WATERMARK_MODEL_MBEAN, null).has("usagePercent"), "read the jboss.as watermark"),
                () -> assertTrue(Jolokia.read(HeapDumps.MBEAN, "Dumps").isDefined(), "read the dumps"),
                () -> assertTrue(Jolokia.read(Census.MBEAN, "LiveThreads").asInt() > 0, "read the census's live threads"),
                () -> assertTrue(Jolokia.read("java.lang:type=Memory", "HeapMemoryUsage").has("used"), "read java.lang"),
                () -> assertEquals(200, census.get("status").asInt(), "census: " + census),
                () -> assertEquals(200, listDumps.get("status").asInt(), "listDumps: " + listDumps),
                () -> assertEquals(200, version.get("status").asInt(), "version: " + version),
                () -> assertEquals(200, list.get("status").asInt(), "list"),
                () -> assertEquals(200, search.get("status").asInt(), "search: " + search));
    }

    private static void assertRefused(ModelNode answer) {
        assertAll(answer.toJSONString(true),
                () -> assertEquals(403, answer.get("status").asInt(), "Jolokia's status"),
                () -> assertTrue(answer.get("error").asString().contains("forbidden"), "Jolokia's error"));
    }
}
