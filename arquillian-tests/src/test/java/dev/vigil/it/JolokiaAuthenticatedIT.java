package dev.vigil.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dumps over Jolokia, set up as the README says: on a server of its own, the agent asks for a user and password
 * (JOLOKIA_OPTIONS=config=FILE, an owner-only properties file) and its policy is the shipped one that also allows
 * {@code vigil:type=HeapDumps} {@code dumpHeap}. evidence.war keeps a known number of
 * {@code Evidence} objects, which the dump must hold.
 */
class JolokiaAuthenticatedIT {

    /** Every port stays below 32768, where Linux's ephemeral ports begin. */
    private static final int OFFSET = 22200;
    private static final int EVIDENCE = 123;
    private static final String USER = "vigil-dumps";
    private static final String PASSWORD = "dumps-" + Long.toHexString(System.nanoTime());
    private static final String URL = "http://" + ServerAddress.HOST + ":" + (ServerAddress.JOLOKIA_PORT + OFFSET) + "/jolokia";
    /** The README's change for taking dumps: dumpHeap beside listDumps, in the one allow entry of vigil:type=HeapDumps. */
    private static final String LIST_DUMPS = "<operation>listDumps</operation>";

    private static Path base;
    private static ServerProcess server;
    private static Management dumps;

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("vigil.guard.home"));
        base = ServerProcess.freshBase(home, "jolokia-auth-base");
        HeapDumps.evidenceDeployment().as(ZipExporter.class).exportTo(base.resolve("deployments").resolve(HeapDumps.EVIDENCE_WAR).toFile(), true);

        String shipped = Files.readString(home.resolve("jolokia/jolokia-access.xml"));
        assertEquals(1, shipped.split(LIST_DUMPS, -1).length - 1, "the shipped policy allows listDumps once");
        Path policy = Files.writeString(base.resolve("jolokia-access-dumps.xml"), shipped.replace(LIST_DUMPS, LIST_DUMPS + "<operation>dumpHeap</operation>"));
        Path credentials = base.resolve("jolokia-agent.properties");
        Files.createFile(credentials, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(credentials, "user=" + USER + "\npassword=" + PASSWORD + "\n");

        server = ServerProcess.start("server-jolokia-auth", home, OFFSET,
                Map.of("JOLOKIA_POLICY", policy.toString(), "JOLOKIA_OPTIONS", "config=" + credentials), "-Djboss.server.base.dir=" + base);
        server.awaitRunning();
        dumps = server.management(HeapDumps.ADDRESS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (dumps != null) {
                dumps.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void withoutTheUserAndPasswordJolokiaAnswersNothing() {
        HttpResponse<String> anonymous = Http.postJson(URL, Jolokia.execRequest(HeapDumps.MBEAN, "dumpHeap", new ModelNode().add(true)).toJSONString(true), null, null);
        HttpResponse<String> wrong = Http.postJson(URL, "{\"type\":\"version\"}", USER, "not-" + PASSWORD);

        assertAll(() -> assertEquals(401, anonymous.statusCode(), "no credentials: " + anonymous.body()),
                () -> assertEquals(401, wrong.statusCode(), "a wrong password: " + wrong.body()));
    }

    @Test
    void dumpHeapThroughJolokiaExecReturnsTheFile() throws Exception {
        String kept = Http.get("http://" + ServerAddress.HOST + ":" + (ServerProcess.HTTP_PORT + OFFSET) + "/evidence/evidence?keep=" + EVIDENCE).trim();
        assertEquals("keeping " + EVIDENCE, kept, "evidence.war");

        ModelNode answer = authenticated(Jolokia.execRequest(HeapDumps.MBEAN, "dumpHeap", new ModelNode().add(true)));

        assertEquals(200, answer.get("status").asInt(), "dumpHeap: " + answer);
        String file = answer.get("value").asString();
        assertAll("dumpHeap returned " + file,
                () -> assertTrue(listDumps().contains(file), "list-dumps shows it"),
                () -> assertEquals(EVIDENCE, Hprof.instancesOf(base.resolve("data/vigil/heap-dumps").resolve(file), HeapDumps.EVIDENCE_CLASS), "Evidence objects"));
    }

    @Test
    void anAuthenticatedClientStillGetsOnlyWhatThePolicyAllows() {
        Path served = home().resolve("welcome-content/jolokia-" + System.nanoTime() + ".hprof");

        ModelNode hotSpot = authenticated(Jolokia.execRequest("com.sun.management:type=HotSpotDiagnostic", "dumpHeap",
                new ModelNode().add(served.toString()).add(true)));
        ModelNode census = authenticated(Jolokia.execRequest(Census.MBEAN, "census", new ModelNode().add("creator").add(5)));

        assertAll(() -> assertEquals(403, hotSpot.get("status").asInt(), "HotSpotDiagnostic.dumpHeap: " + hotSpot),
                () -> assertTrue(Files.notExists(served), "no dump in welcome-content"),
                () -> assertEquals(200, census.get("status").asInt(), "census: " + census));
    }

    private static ModelNode authenticated(ModelNode request) {
        HttpResponse<String> response = Http.postJson(URL, request.toJSONString(true), USER, PASSWORD);
        assertEquals(200, response.statusCode(), "HTTP status: " + response.body());
        return ModelNode.fromJSONString(response.body());
    }

    private static List<String> listDumps() {
        return dumps.result(org.jboss.as.controller.client.helpers.Operations.createOperation("list-dumps", HeapDumps.ADDRESS)).asList().stream()
                .map(dump -> dump.get("file").asString()).toList();
    }

    private static Path home() {
        return Path.of(System.getProperty("vigil.guard.home"));
    }
}
