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
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With WildFly's RBAC on, heap dumps are sensitive (classification vigil/heap-dump): roles that may not see secrets
 * list dumps but cannot take, download or delete them; what decides where, how often or whether a dump is taken
 * (classification vigil/heap-dump-config) is written by Administrator and SuperUser only; and Vigil's runtime
 * operations that change state need a role that may change the runtime. The test's local user is SuperUser and acts
 * as each role through the {@code roles} operation header, as jboss-cli's {@code --headers={roles=...}} does; real
 * users ({@link ManagementUsers}) log in with a password for the attacks the issue names.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RbacIT {

    private static final ModelNode AUTHORIZATION = Operations.createAddress("core-service", "management", "access", "authorization");
    private static final String PATH_ATTACK = "welcome-content/x";
    private static HeapDumps dumps;
    private static ManagementUsers users;
    private static String dump;
    private static ModelNode shippedMaxDumps;
    private static ModelNode shippedMinInterval;

    @BeforeAll
    static void turnRbacOn() {
        dumps = new HeapDumps();
        // The shared dump must outlive the dumps the tests take.
        shippedMaxDumps = dumps.readAttribute("max-dumps");
        dumps.restore("max-dumps", new ModelNode(100));
        // The tests take dumps as one role after another; min-interval has tests of its own.
        shippedMinInterval = dumps.readAttribute("min-interval");
        dumps.restore("min-interval", new ModelNode(0));
        dump = dumps.dumpHeap(true, false).get("file").asString();
        users = new ManagementUsers(dumps);
        users.add(List.of("Maintainer", "Auditor", "Administrator"));
        setProviderAndReload("rbac");
    }

    @AfterAll
    static void turnRbacOff() throws Exception {
        try {
            setProviderAndReload("simple");
            users.remove();
            dumps.restore("max-dumps", shippedMaxDumps);
            dumps.restore("min-interval", shippedMinInterval);
        } finally {
            dumps.close();
        }
    }

    @Test
    void rolesThatMayNotSeeSecretsListDumpsButCannotTakeReadOrDeleteThem() {
        for (String role : List.of("Monitor", "Operator", "Maintainer", "Deployer")) {
            ModelNode list = dumps.execute(as(role, Operations.createOperation("list-dumps", HeapDumps.ADDRESS)));
            assertTrue(Operations.isSuccessfulOutcome(list), role + " lists dumps: " + list);
            for (ModelNode operation : List.of(dumps.dumpHeapOperation(true, false), dumps.nameOperation("read-dump", dump),
                    dumps.nameOperation("delete-dump", dump))) {
                ModelNode response = dumps.execute(as(role, operation));
                assertAll(role + " " + operation.get("operation") + ": " + response,
                        () -> assertFalse(Operations.isSuccessfulOutcome(response), "refused"),
                        () -> assertTrue(Operations.getFailureDescription(response).asString().contains("WFLYCTL0332"), "permission denied"));
            }
        }
        assertTrue(dumps.listDumps().contains(dump), "nothing deleted");
    }

    @Test
    void anAdministratorTakesReadsAndDeletesDumps() {
        ModelNode taken = dumps.execute(as("Administrator", dumps.dumpHeapOperation(true, false)));
        assertTrue(Operations.isSuccessfulOutcome(taken), "dump-heap: " + taken);
        String file = Operations.readResult(taken).get("file").asString();

        ModelNode read = dumps.execute(as("Administrator", dumps.nameOperation("read-dump", file)));
        ModelNode deleted = dumps.execute(as("Administrator", dumps.nameOperation("delete-dump", file)));

        assertAll(() -> assertTrue(Operations.isSuccessfulOutcome(read), "read-dump: " + read),
                () -> assertTrue(Operations.isSuccessfulOutcome(deleted), "delete-dump: " + deleted),
                () -> assertFalse(dumps.listDumps().contains(file), "deleted"));
    }

    /** Issue 11 changed this: an Auditor used to download dumps (read-dump was authorised as a read). */
    @Test
    void anAuditorCannotDownloadTakeOrDeleteADump() throws Exception {
        try (HeapDumps auditor = new HeapDumps(ManagementUsers.user("Auditor"), ManagementUsers.PASSWORD)) {
            ModelNode list = auditor.execute(Operations.createOperation("list-dumps", HeapDumps.ADDRESS));
            ModelNode read = auditor.execute(dumps.nameOperation("read-dump", dump));
            ModelNode companion = auditor.execute(dumps.nameOperation("read-dump", dump.replace(".hprof", ".json")));
            ModelNode taken = auditor.execute(dumps.dumpHeapOperation(true, false));
            ModelNode deleted = auditor.execute(dumps.nameOperation("delete-dump", dump));

            assertAll(() -> assertTrue(Operations.isSuccessfulOutcome(list), "list-dumps: " + list),
                    () -> assertDenied(read, "read-dump"),
                    () -> assertDenied(companion, "read-dump of the note"),
                    () -> assertDenied(taken, "dump-heap"),
                    () -> assertDenied(deleted, "delete-dump"));
        }
    }

    /**
     * A report names threads, classes and the paths that hold them: it is read as the dump is. Made here by hand with
     * the shipped {@code bin/vigil-analyze.sh} (the shared server does not analyse its dumps), then asked for by each role.
     */
    @Test
    void aDumpsReportIsReadOnlyByTheRolesThatMayReadTheDump() throws Exception {
        Path file = HeapDumps.directory().resolve(dump);
        ProcessBuilder script = new ProcessBuilder(ServerAddress.jbossHome().resolve("bin/vigil-analyze.sh").toString(), file.toString(), "--quiet")
                .redirectErrorStream(true);
        script.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process analyzer = script.start();
        String printed = new String(analyzer.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(analyzer.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "vigil-analyze.sh ended");
        String base = dump.substring(0, dump.length() - ".hprof".length());
        assertAll("vigil-analyze.sh printed:\n" + printed,
                () -> assertEquals(0, analyzer.exitValue(), "exit code"),
                () -> assertTrue(printed.contains("Suspect 1: "), "suspect 1 said"),
                () -> assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        HeapDumps.directory().resolve(base + ".report.html"))), "owner-only"));

        for (String report : List.of(base + ".report.html", base + ".report.json")) {
            for (String role : List.of("Monitor", "Operator", "Maintainer", "Deployer", "Auditor")) {
                assertDenied(dumps.execute(as(role, dumps.nameOperation("read-dump", report))), role + " read-dump " + report);
            }
            ModelNode read = dumps.execute(as("Administrator", dumps.nameOperation("read-dump", report)));
            assertTrue(Operations.isSuccessfulOutcome(read), "Administrator read-dump " + report + ": " + read);
        }
    }

    @Test
    void aMaintainerCannotWriteWhatLeadsToADump() throws Exception {
        try (HeapDumps maintainer = new HeapDumps(ManagementUsers.user("Maintainer"), ManagementUsers.PASSWORD)) {
            for (String attribute : List.of("path", "relative-to", "cooldown", "max-dumps", "min-free-space", "min-interval", "on-out-of-memory",
                    "analyze", "analyzer-max-heap", "analyzer-timeout")) {
                assertDenied(maintainer.writeAttribute(attribute, dumps.readAttribute(attribute)), "heap-dumps " + attribute);
            }
            for (String attribute : List.of("on-critical", "on-warning")) {
                ModelNode current = dumps.result(Operations.createReadAttributeOperation(WatermarkManagement.ADDRESS, attribute));
                assertDenied(maintainer.execute(Operations.createWriteAttributeOperation(WatermarkManagement.ADDRESS, attribute, current)),
                        "watermark " + attribute);
            }
            ModelNode census = Operations.createAddress("subsystem", "vigil", "service", "thread-census");
            ModelNode current = dumps.result(Operations.createReadAttributeOperation(census, "on-origin-warning"));
            assertDenied(maintainer.execute(Operations.createWriteAttributeOperation(census, "on-origin-warning", current)), "census on-origin-warning");
        }
    }

    @Test
    void aMaintainerMayStillWriteTheLevels() throws Exception {
        ModelNode warning = dumps.result(Operations.createReadAttributeOperation(WatermarkManagement.ADDRESS, "warning"));
        ModelNode critical = dumps.result(Operations.createReadAttributeOperation(WatermarkManagement.ADDRESS, "critical"));
        try (HeapDumps maintainer = new HeapDumps(ManagementUsers.user("Maintainer"), ManagementUsers.PASSWORD)) {
            ModelNode writeWarning = maintainer.execute(Operations.createWriteAttributeOperation(WatermarkManagement.ADDRESS, "warning",
                    new ModelNode(warning.asInt() - 1)));
            ModelNode writeCritical = maintainer.execute(Operations.createWriteAttributeOperation(WatermarkManagement.ADDRESS, "critical",
                    new ModelNode(critical.asInt() + 1)));

            assertAll(() -> assertTrue(Operations.isSuccessfulOutcome(writeWarning), "warning: " + writeWarning),
                    () -> assertTrue(Operations.isSuccessfulOutcome(writeCritical), "critical: " + writeCritical));
        } finally {
            dumps.result(Operations.createWriteAttributeOperation(WatermarkManagement.ADDRESS, "warning", warning));
            dumps.result(Operations.createWriteAttributeOperation(WatermarkManagement.ADDRESS, "critical", critical));
        }
    }

    @Test
    void aDumpPathUnderTheWelcomeContentIsRefusedEvenForASuperUser() {
        ModelNode path = dumps.readAttribute("path");
        ModelNode relativeTo = dumps.readAttribute("relative-to");
        ModelNode composite = Operations.createCompositeOperation();
        composite.get("steps").add(Operations.createWriteAttributeOperation(HeapDumps.ADDRESS, "relative-to", new ModelNode("jboss.home.dir")));
        composite.get("steps").add(Operations.createWriteAttributeOperation(HeapDumps.ADDRESS, "path", new ModelNode(PATH_ATTACK)));

        ModelNode response = dumps.execute(composite); // the test's local user is SuperUser

        String failure = Operations.getFailureDescription(response).asString();
        assertAll(() -> assertFalse(Operations.isSuccessfulOutcome(response), "refused"),
                () -> assertTrue(failure.contains("VIGIL0050") && failure.contains(ServerAddress.jbossHome().resolve("welcome-content").toString()),
                        "names the served directory: " + failure),
                () -> assertEquals(path, dumps.readAttribute("path"), "path unchanged"),
                () -> assertEquals(relativeTo, dumps.readAttribute("relative-to"), "relative-to unchanged"),
                () -> assertFalse(Files.exists(ServerAddress.jbossHome().resolve(PATH_ATTACK)), "no directory made"));
    }

    /** Each role's rights: read the dump configuration (cooldown), run a census, write the dump configuration (cooldown), write a level (warning). */
    @Test
    void everyRoleReadsAndCountsOnlyAdministratorsWriteDumpConfigurationAndMaintainersWriteLevels() {
        ModelNode cooldown = dumps.readAttribute("cooldown");
        ModelNode warning = dumps.result(Operations.createReadAttributeOperation(WatermarkManagement.ADDRESS, "warning"));
        java.util.Map<String, List<Boolean>> expected = new java.util.LinkedHashMap<>();
        expected.put("Monitor", List.of(true, true, false, false));
        expected.put("Operator", List.of(true, true, false, false));
        expected.put("Maintainer", List.of(true, true, false, true));
        expected.put("Deployer", List.of(true, true, false, false));
        expected.put("Auditor", List.of(true, true, false, false));
        expected.put("Administrator", List.of(true, true, true, true));
        expected.put("SuperUser", List.of(true, true, true, true));
        java.util.Map<String, List<Boolean>> actual = new java.util.LinkedHashMap<>();
        for (String role : expected.keySet()) {
            ModelNode config = dumps.execute(as(role, Operations.createWriteAttributeOperation(HeapDumps.ADDRESS, "cooldown", cooldown)));
            ModelNode level = dumps.execute(as(role, Operations.createWriteAttributeOperation(WatermarkManagement.ADDRESS, "warning", warning)));
            ModelNode read = dumps.execute(as(role, Operations.createReadAttributeOperation(HeapDumps.ADDRESS, "cooldown")));
            ModelNode censusOperation = Operations.createOperation("census", Operations.createAddress("subsystem", "vigil", "service", "thread-census"));
            censusOperation.get("group-by").set("creator");
            ModelNode census = dumps.execute(as(role, censusOperation));
            actual.put(role, List.of(Operations.isSuccessfulOutcome(read) && Operations.readResult(read).equals(cooldown), Operations.isSuccessfulOutcome(census),
                    Operations.isSuccessfulOutcome(config), Operations.isSuccessfulOutcome(level)));
        }
        assertEquals(expected, actual, "role -> [read cooldown, census, write cooldown, write warning]");
    }

    @Test
    void aDumpTakenReadAndDeletedByARealUserNamesThemInTheLogAndTheNote() throws Exception {
        String admin = ManagementUsers.user("Administrator");
        ServerLog log = ServerLog.fromNow();
        try (HeapDumps administrator = new HeapDumps(admin, ManagementUsers.PASSWORD)) {
            String file = administrator.dumpHeap(true, false).get("file").asString();
            Path note = ServerAddress.jbossHome().resolve("standalone/data/vigil/heap-dumps").resolve(file.replace(".hprof", ".json"));
            ModelNode json = ModelNode.fromJSONString(Files.readString(note));
            Path downloaded = Files.createTempFile("vigil-rbac", ".hprof");
            try {
                administrator.readDump(file, downloaded);
            } finally {
                Files.delete(downloaded); // a heap dump: never left behind in /tmp
            }
            administrator.result(dumps.nameOperation("delete-dump", file));

            assertAll(() -> assertEquals(admin, json.get("identity", "name").asString(), "the note: " + json),
                    () -> assertTrue(json.get("requested-by").asString().contains(admin), "the note: " + json),
                    () -> assertEquals(1, log.lines("VIGIL0201").stream().filter(line -> line.contains(file) && line.contains("by " + admin + " (NATIVE from 127.0.0.1)")).count(),
                            "taken: " + log.lines("VIGIL")),
                    () -> assertEquals(1, log.lines("VIGIL0271").stream().filter(line -> line.contains(file) && line.contains("by " + admin + " (NATIVE from 127.0.0.1)")).count(),
                            "downloaded: " + log.lines("VIGIL")),
                    () -> assertEquals(1, log.lines("VIGIL0211").stream().filter(line -> line.contains(file) && line.contains("by " + admin + " (NATIVE from 127.0.0.1)")).count(),
                            "deleted: " + log.lines("VIGIL")));
        }
    }

    private static void assertDenied(ModelNode response, String what) {
        assertAll(what + ": " + response, () -> assertFalse(Operations.isSuccessfulOutcome(response), "refused"),
                () -> assertTrue(Operations.getFailureDescription(response).asString().contains("WFLYCTL0332"), "permission denied"));
    }

    @Test
    void aMonitorReadsAWatermarkButCannotResetItsPeak() {
        ModelNode read = dumps.execute(as("Monitor", Operations.createReadResourceOperation(WatermarkManagement.ADDRESS)));
        ModelNode reset = dumps.execute(as("Monitor", Operations.createOperation("reset-peak", WatermarkManagement.ADDRESS)));
        ModelNode resetByOperator = dumps.execute(as("Operator", Operations.createOperation("reset-peak", WatermarkManagement.ADDRESS)));

        assertAll(() -> assertTrue(Operations.isSuccessfulOutcome(read), "Monitor reads: " + read),
                () -> assertTrue(Operations.getFailureDescription(reset).asString().contains("WFLYCTL0332"), "Monitor reset-peak: " + reset),
                () -> assertTrue(Operations.isSuccessfulOutcome(resetByOperator), "Operator reset-peak: " + resetByOperator));
    }

    private static ModelNode as(String role, ModelNode operation) {
        ModelNode copy = operation.clone();
        copy.get("operation-headers", "roles").set(role);
        return copy;
    }

    private static void setProviderAndReload(String provider) {
        dumps.result(Operations.createWriteAttributeOperation(AUTHORIZATION, "provider", new ModelNode(provider)));
        dumps.reload();
    }
}
