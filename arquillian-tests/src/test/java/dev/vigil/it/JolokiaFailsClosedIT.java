package dev.vigil.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A policy file that is not there (a typo in JOLOKIA_POLICY, a file deleted) must not open Jolokia: bin/standalone.conf
 * always names a policy, and Jolokia 2.6.0 then denies every request. On a server of its own, started as an
 * administrator would, with JOLOKIA_POLICY pointing nowhere.
 */
class JolokiaFailsClosedIT {

    /** Every port stays below 32768, where Linux's ephemeral ports begin. */
    private static final int OFFSET = 22400;
    private static final String URL = "http://" + ServerAddress.HOST + ":" + (ServerAddress.JOLOKIA_PORT + OFFSET) + "/jolokia";

    private static Path base;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("vigil.guard.home"));
        base = ServerProcess.freshBase(home, "jolokia-closed-base");
        server = ServerProcess.start("server-jolokia-closed", home, OFFSET, Map.of("JOLOKIA_POLICY", base.resolve("no-such-policy.xml").toString()),
                "-Djboss.server.base.dir=" + base);
        server.awaitRunning();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void withItsPolicyFileMissingJolokiaDeniesEveryRequest() {
        Path served = Path.of(System.getProperty("vigil.guard.home")).resolve("welcome-content/closed-" + System.nanoTime() + ".hprof");

        ModelNode version = Jolokia.answer(URL, new ModelNode().set("type", "version"));
        ModelNode read = Jolokia.answer(URL, readRequest(ServerAddress.WATERMARK_MBEAN));
        ModelNode dump = Jolokia.answer(URL, Jolokia.execRequest("com.sun.management:type=HotSpotDiagnostic", "dumpHeap",
                new ModelNode().add(served.toString()).add(true)));

        assertAll(() -> assertDenied(version), () -> assertDenied(read), () -> assertDenied(dump),
                () -> assertTrue(Files.notExists(served), "no dump in welcome-content"),
                () -> assertTrue(server.log().contains("Denying all access to MBeans"), "the agent says why, in the server's output"));
    }

    private static ModelNode readRequest(String mbean) {
        ModelNode request = new ModelNode();
        request.get("type").set("read");
        request.get("mbean").set(mbean);
        return request;
    }

    private static void assertDenied(ModelNode answer) {
        assertAll(answer.toJSONString(true),
                () -> assertEquals(403, answer.get("status").asInt(), "Jolokia's status"),
                () -> assertTrue(answer.get("error").asString().startsWith("No access from client"), "Jolokia's error"));
    }
}
