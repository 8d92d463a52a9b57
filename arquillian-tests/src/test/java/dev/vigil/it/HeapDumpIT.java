package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heap dumps on demand, through each client an administrator has (the management API as jboss-cli uses it, remote
 * JMX as JConsole uses it; Jolokia, which needs its own authentication for it, in JolokiaAuthenticatedIT), and the
 * rules that keep a dump from harming the server or its disk.
 * evidence.war keeps a known number of {@code Evidence} objects, which each dump must hold.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HeapDumpIT {

    private static final int EVIDENCE = 321;
    private static final ObjectName MBEAN = RemoteJmx.name(HeapDumps.MBEAN);

    private static HeapDumps dumps;
    private static RemoteJmx.Subscription jmx;
    private static MBeanServerConnection mbeans;
    private static ModelNode shippedMinInterval;

    @ArquillianResource
    private URL evidenceUrl;

    @TempDir
    Path downloads;

    @Deployment(testable = false)
    static WebArchive evidenceWar() {
        return HeapDumps.evidenceDeployment();
    }

    @BeforeAll
    static void connect() throws Exception {
        dumps = new HeapDumps();
        jmx = RemoteJmx.subscribe(MBEAN);
        mbeans = jmx.mbeans;
        // These tests take dumps back to back; the min-interval between manual dumps has tests of its own.
        shippedMinInterval = dumps.readAttribute("min-interval");
        dumps.restore("min-interval", new ModelNode(0));
    }

    @AfterAll
    static void disconnect() throws Exception {
        try {
            dumps.restore("min-interval", shippedMinInterval);
            jmx.close();
        } finally {
            dumps.close();
        }
    }

    @Test
    void dumpHeapThroughTheManagementApiWritesAnHprofHoldingTheDeploymentsObjects() throws Exception {
        keepEvidence();

        ModelNode dump = dumps.dumpHeap(true, false);

        String file = dump.get("file").asString();
        Path written = HeapDumps.directory().resolve(file);
        assertAll("dump-heap answered " + dump,
                () -> assertTrue(file.matches("[\\w.-]+-\\d+-\\d{8}-\\d{6}-manual(-\\d+)?\\.hprof"), "name <server>-<pid>-<yyyyMMdd-HHmmss>-manual.hprof: " + file),
                () -> assertEquals("manual", dump.get("trigger").asString(), "trigger"),
                () -> assertEquals(Files.size(written), dump.get("size-bytes").asLong(), "size-bytes"),
                () -> assertTrue(dump.get("duration-ms").asLong() >= 0, "duration-ms"),
                () -> Instant.parse(dump.get("started").asString()),
                () -> assertTrue(dumps.listDumps().contains(file), "list-dumps shows it"),
                () -> assertEquals(dump, dumps.readAttribute("last-dump"), "last-dump"));
        assertEquals(EVIDENCE, Hprof.instancesOf(written, HeapDumps.EVIDENCE_CLASS), "Evidence objects in the dump, read by an HPROF parser");
    }

    @Test
    void aDumpIsOwnerOnlyWithItsMetadataAndNoHalfWrittenFileStays() throws Exception {
        String file = dumps.dumpHeap(null, null).get("file").asString();

        Path dump = HeapDumps.directory().resolve(file);
        Path metadata = HeapDumps.directory().resolve(file.replace(".hprof", ".json"));
        ModelNode json = ModelNode.fromJSONString(Files.readString(metadata));
        assertAll("files in " + HeapDumps.directory(),
                () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dump)), "the dump's permissions"),
                () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(metadata)), "the metadata's permissions"),
                () -> assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(HeapDumps.directory())), "the directory's permissions"),
                () -> assertEquals(List.of(), hiddenFiles(), "files still being written (hidden names)"),
                () -> assertEquals(file, json.get("file").asString(), "metadata file: " + json),
                () -> assertEquals("manual", json.get("trigger").asString(), "metadata trigger"),
                // issue 11: who asked is on record (the test's local jboss-cli login is $local)
                () -> assertEquals("the management operation dump-heap by $local (NATIVE from 127.0.0.1)", json.get("requested-by").asString(),
                        "metadata requested-by"),
                () -> assertEquals("$local", json.get("identity", "name").asString(), "metadata identity"),
                () -> assertTrue(json.get("server", "pid").asLong() > 0, "metadata server pid"),
                () -> assertEquals(256L * 1024 * 1024, json.get("jvm", "heap-max").asLong(), "metadata jvm heap-max"),
                () -> assertEquals("heap", json.get("watermarks").get(0).get("name").asString(), "metadata watermarks"),
                () -> assertTrue(json.get("watermarks").get(0).has("state"), "metadata watermark state"));
    }

    @Test
    void aCompressedDumpIsAGzippedHprof() throws Exception {
        keepEvidence();
        ServerLog log = ServerLog.fromNow();

        ModelNode dump = dumps.dumpHeap(true, true);

        String file = dump.get("file").asString();
        assertTrue(file.endsWith(".hprof.gz"), "compressed name: " + file);
        assertEquals(EVIDENCE, Hprof.instancesOf(HeapDumps.directory().resolve(file), HeapDumps.EVIDENCE_CLASS), "Evidence objects in the gunzipped dump");
        // gzipped by the child that follows the dump as it is written (GzipFollower, from the module's jar), not by
        // the in-server fallback
        assertEquals(List.of(), log.lines("VIGIL0236"), "the gzip child ran in the server's module");
    }

    @Test
    void readDumpStreamsTheFilesBytesToTheClient() throws Exception {
        String file = dumps.dumpHeap(true, false).get("file").asString();

        Path downloaded = downloads.resolve(file);
        dumps.readDump(file, downloaded);

        assertEquals(-1L, Files.mismatch(HeapDumps.directory().resolve(file), downloaded), "the downloaded bytes are the dump's");
    }

    @Test
    void dumpHeapThroughRemoteJmxReturnsTheFileAndNotifies() throws Exception {
        keepEvidence();
        int before = jmx.notifications.size();

        String file = (String) mbeans.invoke(MBEAN, "dumpHeap", new Object[] { true }, new String[] { boolean.class.getName() });

        Notification written = await("vigil.heap-dump.written").atMost(Duration.ofSeconds(30))
                .until(() -> jmx.notifications.stream().skip(before).filter(n -> n.getType().equals("vigil.heap-dump.written")).findFirst().orElse(null),
                        n -> n != null);
        assertAll("JMX dumpHeap(true) returned " + file,
                () -> assertTrue(dumps.listDumps().contains(file), "list-dumps shows it"),
                () -> assertEquals(file, written.getUserData(), "the notification's userData names the file"),
                () -> assertTrue(List.of((String[]) mbeans.getAttribute(MBEAN, "Dumps")).contains(file), "the MBean's Dumps attribute"),
                () -> assertEquals(EVIDENCE, Hprof.instancesOf(HeapDumps.directory().resolve(file), HeapDumps.EVIDENCE_CLASS), "Evidence objects"));
    }

    @Test
    void aSecondDumpWhileOneIsWrittenIsRefusedNamingWhoHoldsItAndSinceWhen() throws Exception {
        List<String> before = dumps.listDumps();
        // A full, compressed dump takes a few seconds: long enough to ask again while it runs.
        CompletableFuture<ModelNode> first = CompletableFuture.supplyAsync(() -> dumps.execute(dumps.dumpHeapOperation(false, true)));
        ModelNode holder = await("in-progress").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> dumps.readAttribute("in-progress"), ModelNode::isDefined);

        ModelNode second = dumps.execute(dumps.dumpHeapOperation(true, false));

        ModelNode firstResponse = first.get();
        String refusal = Operations.getFailureDescription(second).asString();
        assertAll("second dump-heap answered " + second,
                () -> assertTrue(Operations.isSuccessfulOutcome(firstResponse), "the first dump: " + firstResponse),
                () -> assertFalse(Operations.isSuccessfulOutcome(second), "the second is refused"),
                () -> assertTrue(refusal.contains("VIGIL0220"), "message id"),
                () -> assertTrue(refusal.contains("the management operation dump-heap"), "names who asked"),
                () -> assertTrue(refusal.contains(holder.get("since").asString()), "names since when (" + holder + ")"),
                () -> assertTrue(refusal.contains(holder.get("file").asString()), "names the file"),
                () -> assertEquals(newFiles(before), List.of(Operations.readResult(firstResponse).get("file").asString()), "exactly one new dump"),
                () -> assertFalse(dumps.readAttribute("in-progress").isDefined(), "in-progress is undefined again"));
    }

    @Test
    void maxDumpsKeepsTheNewestAndDeletesTheOldestWithTheFilesBesideIt() throws Exception {
        ModelNode shipped = dumps.readAttribute("max-dumps");
        try {
            assertTrue(Operations.isSuccessfulOutcome(dumps.writeAttribute("max-dumps", new ModelNode(2))));
            String first = dumps.dumpHeap(true, false).get("file").asString();
            String second = dumps.dumpHeap(true, false).get("file").asString();
            String third = dumps.dumpHeap(true, false).get("file").asString();

            assertAll(
                    () -> assertEquals(List.of(second, third), dumps.listDumps(), "list-dumps after three dumps with max-dumps=2"),
                    () -> assertFalse(Files.exists(HeapDumps.directory().resolve(first)), first + " deleted"),
                    () -> assertFalse(Files.exists(HeapDumps.directory().resolve(first.replace(".hprof", ".json"))), "its metadata deleted"));
        } finally {
            dumps.restore("max-dumps", shipped);
        }
    }

    @Test
    void aDumpTheDiskHasNoRoomForIsRefusedClearlyWithANotificationAndNoFile() throws Exception {
        ModelNode shipped = dumps.readAttribute("min-free-space");
        List<String> before = dumps.listDumps();
        int notificationsBefore = jmx.notifications.size();
        long petabyte = 1L << 50;
        ServerLog log = ServerLog.fromNow();
        try {
            assertTrue(Operations.isSuccessfulOutcome(dumps.writeAttribute("min-free-space", new ModelNode(petabyte))));

            ModelNode response = dumps.execute(dumps.dumpHeapOperation(null, null));

            String message = Operations.getFailureDescription(response).asString();
            Notification failed = await("vigil.heap-dump.failed").atMost(Duration.ofSeconds(30))
                    .until(() -> jmx.notifications.stream().skip(notificationsBefore).filter(n -> n.getType().equals("vigil.heap-dump.failed")).findFirst()
                            .orElse(null), n -> n != null);
            assertAll("dump-heap with min-free-space=1 PB answered " + response,
                    () -> assertFalse(Operations.isSuccessfulOutcome(response), "refused"),
                    () -> assertTrue(message.contains("VIGIL0222"), "message id"),
                    () -> assertTrue(message.contains("min-free-space=" + petabyte), "names min-free-space and its value"),
                    () -> assertTrue(message.contains(HeapDumps.directory().toString()), "names the directory"),
                    () -> assertEquals(message, failed.getMessage(), "the notification says the same"),
                    () -> assertEquals(before, dumps.listDumps(), "no dump written"),
                    () -> assertEquals(List.of(), hiddenFiles(), "no half-written file"),
                    () -> assertEquals(List.of(), log.errors(), "a refusal is no server error: no ERROR in server.log"),
                    () -> assertEquals(1, log.lines("WARN").stream().filter(line -> line.contains("VIGIL0231")).count(), "one WARN: " + log.lines("VIGIL")));
        } finally {
            dumps.restore("min-free-space", shipped);
        }
    }

    @Test
    void deleteAndReadRefuseAnyNameListDumpsDoesNotShowAndTouchNothing() throws Exception {
        String listed = dumps.dumpHeap(true, false).get("file").asString();
        Path config = ServerAddress.jbossHome().resolve("standalone/configuration/standalone.xml");
        byte[] configBefore = sha256(config);
        List<String> before = dumps.listDumps();
        ServerLog log = ServerLog.fromNow();

        List<String> refusedByBoth = List.of("../../../configuration/standalone.xml", "../standalone.xml", "/etc/passwd", "sub/" + listed,
                "never-written.hprof", "." + listed);
        for (String name : refusedByBoth) {
            assertRefused("delete-dump", name, "VIGIL0227", listed);
            assertRefused("read-dump", name, "VIGIL0232", listed);
        }
        // A dump's metadata may be read (read-dump), but is deleted only with its dump.
        assertRefused("delete-dump", listed.replace(".hprof", ".json"), "VIGIL0227", listed);
        assertAll(() -> assertArrayEquals(configBefore, sha256(config), "standalone.xml untouched (same SHA-256)"),
                () -> assertEquals(before, dumps.listDumps(), "no dump touched"),
                () -> assertEquals(List.of(), log.errors(), "refused names are no server errors: no ERROR in server.log"));
    }

    private void assertRefused(String operation, String name, String id, String listed) {
        ModelNode response = dumps.execute(dumps.nameOperation(operation, name));
        String message = Operations.getFailureDescription(response).asString();
        assertAll(operation + "(name=" + name + ") answered " + response,
                () -> assertFalse(Operations.isSuccessfulOutcome(response), "refused"),
                () -> assertTrue(message.contains(id) && message.contains("name=" + name), "names the parameter and value"),
                () -> assertTrue(message.contains(listed), "lists the files that may be named"));
    }

    @Test
    void readDumpSendsAListedDumpsMetadata() throws Exception {
        String file = dumps.dumpHeap(true, false).get("file").asString();
        String metadata = file.replace(".hprof", ".json");

        Path downloaded = downloads.resolve(metadata);
        dumps.readDump(metadata, downloaded);

        assertEquals(file, ModelNode.fromJSONString(Files.readString(downloaded)).get("file").asString());
    }

    @Test
    void aRefusedReadAndADumpRefusedForMinIntervalLeaveNoErrorInTheServerLog() throws Exception {
        dumps.dumpHeap(true, false);
        ServerLog log = ServerLog.fromNow();
        try {
            dumps.restore("min-interval", new ModelNode(3600));

            ModelNode read = dumps.execute(dumps.nameOperation("read-dump", "../standalone.xml"));
            ModelNode dump = dumps.execute(dumps.dumpHeapOperation(true, false));

            String refusal = Operations.getFailureDescription(dump).asString();
            assertAll("read-dump answered " + read + ", dump-heap answered " + dump,
                    () -> assertFalse(Operations.isSuccessfulOutcome(read), "read-dump refused"),
                    () -> assertFalse(Operations.isSuccessfulOutcome(dump), "dump-heap refused"),
                    () -> assertTrue(refusal.contains("VIGIL0230") && refusal.contains("min-interval=3600 s"), "names min-interval"),
                    () -> assertTrue(refusal.matches(".*allowed at \\S+ \\(in \\d+ s\\).*"), "names when the next is allowed"),
                    () -> assertEquals(List.of(), log.errors(), "no ERROR in server.log"));
        } finally {
            dumps.restore("min-interval", new ModelNode(0));
        }
    }

    @Test
    void aManualDumpAfterMinIntervalIsWritten() throws Exception {
        try {
            dumps.restore("min-interval", new ModelNode(1));
            String first = dumps.dumpHeap(true, false).get("file").asString();

            String second = await("a dump after min-interval=1 s").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        ModelNode response = dumps.execute(dumps.dumpHeapOperation(true, false));
                        return Operations.isSuccessfulOutcome(response) ? Operations.readResult(response).get("file").asString() : null;
                    }, name -> name != null);
            assertNotEquals(first, second);
        } finally {
            dumps.restore("min-interval", new ModelNode(0));
        }
    }

    private static byte[] sha256(Path file) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    @Test
    void deleteDumpRemovesTheDumpAndTheFilesBesideIt() throws Exception {
        String file = dumps.dumpHeap(true, false).get("file").asString();

        ModelNode deleted = dumps.result(dumps.nameOperation("delete-dump", file));

        assertAll("delete-dump answered " + deleted,
                () -> assertTrue(deleted.asList().stream().map(ModelNode::asString).collect(Collectors.toList())
                        .containsAll(List.of(file, file.replace(".hprof", ".json"))), "names the dump and its metadata"),
                () -> assertFalse(dumps.listDumps().contains(file), "gone from list-dumps"),
                () -> assertFalse(Files.exists(HeapDumps.directory().resolve(file)), "gone from the disk"));
    }

    @Test
    void aMissingDirectoryIsCreatedOwnerOnlyAndAnUnusableOneIsRefusedChangingNothing() throws Exception {
        Path fresh = downloads.resolve("new/dumps");
        try {
            ModelNode created = dumps.writeAttribute("path", new ModelNode(fresh.toString()));
            assertTrue(Operations.isSuccessfulOutcome(created), "path=" + fresh + ": " + created);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)), "created owner-only");
            String file = dumps.dumpHeap(true, false).get("file").asString();
            assertTrue(Files.exists(fresh.resolve(file)), "the next dump lands there");
        } finally {
            dumps.restore("path", new ModelNode("vigil/heap-dumps"));
        }

        Path underAFile = ServerAddress.jbossHome().resolve("jboss-modules.jar").resolve("dumps");
        ModelNode refused = dumps.writeAttribute("path", new ModelNode(underAFile.toString()));

        String message = Operations.getFailureDescription(refused).asString();
        assertAll("path=" + underAFile + " answered " + refused,
                () -> assertFalse(Operations.isSuccessfulOutcome(refused), "refused"),
                () -> assertTrue(message.contains("VIGIL0225") && message.contains(underAFile.toString()), "names the directory"),
                () -> assertEquals("vigil/heap-dumps", dumps.readAttribute("path").asString(), "path unchanged"),
                () -> assertEquals(HeapDumps.directory().toString(), mbeans.getAttribute(MBEAN, "Directory"), "the running service still uses it"));
    }

    @Test
    void theDumpOperationsCarryTheHeapDumpSensitivityConstraint() {
        for (String operation : List.of("dump-heap", "read-dump", "delete-dump")) {
            ModelNode describe = Operations.createOperation("read-operation-description", HeapDumps.ADDRESS);
            describe.get("name").set(operation);
            describe.get("access-constraints").set(true);
            ModelNode description = dumps.result(describe);
            ModelNode constraint = description.get("access-constraints", "sensitive", "heap-dump");
            assertEquals("vigil", constraint.get("type").asString(), operation + ": " + description.get("access-constraints"));
        }
    }

    private void keepEvidence() {
        String answer = Http.get(evidenceUrl.toString().replaceFirst("/?$", "/") + "evidence?keep=" + EVIDENCE).trim();
        assertEquals("keeping " + EVIDENCE, answer, "evidence.war");
    }

    private static List<String> hiddenFiles() throws IOException {
        try (Stream<Path> files = Files.list(HeapDumps.directory())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(".")).collect(Collectors.toList());
        }
    }

    private static List<String> newFiles(List<String> before) {
        return dumps.listDumps().stream().filter(name -> !before.contains(name)).collect(Collectors.toList());
    }
}
