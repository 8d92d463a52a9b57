package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Vigil in a managed domain ({@code bin/domain.sh}): WildFly's default host runs server-one and server-two of
 * main-server-group, profile {@code full}, which holds the whole subsystem as {@code config/install.cli} adds it. An
 * administrator reaches both servers through the domain controller: one command for both, a profile write that each
 * applies live, a dump and a census of one server only; neither server takes the other for a duplicate. The domain
 * runs from the guard's copy of the configured server, with its host controller on ports of its own (31990, 31999)
 * and the servers at offsets 21000 and 21150.
 */
class DomainIT {

    private static final int HOST_CONTROLLER_PORT = 31990;
    private static final int HOST_CONTROLLER_NATIVE_PORT = 31999;
    private static final String PROFILE = "full";
    private static final List<String> SERVERS = List.of("server-one", "server-two");
    private static final Set<String> STATES = Set.of("NORMAL", "WARNING", "CRITICAL");
    /** The guard's messages of a second server: a duplicate at start, while running, or a contender. */
    private static final List<String> DUPLICATE_MESSAGES = List.of("VIGIL0400", "VIGIL0401", "VIGIL0402", "VIGIL0406", "VIGIL0408");

    private static Path home;
    private static Process domain;
    private static Path output;

    @BeforeAll
    static void startDomain() throws IOException, InterruptedException {
        home = Path.of(System.getProperty("vigil.guard.home"));
        List<String> commands = new ArrayList<>();
        commands.add("embed-host-controller --domain-config=domain.xml --host-config=host.xml --std-out=discard");
        commands.addAll(installCliOnProfile(Path.of(System.getProperty("vigil.install.cli")), PROFILE));
        // Small heaps keep two servers, a dump and its analysis light; the full profile at rest stays NORMAL in them.
        commands.add("/server-group=main-server-group/jvm=default:write-attribute(name=max-heap-size,value=256m)");
        commands.add("/host=primary/server-config=server-one:write-attribute(name=socket-binding-port-offset,value=21000)");
        commands.add("/host=primary/server-config=server-two:write-attribute(name=socket-binding-port-offset,value=21150)");
        commands.add("stop-embedded-host-controller");
        Path script = home.getParent().resolve("domain.cli");
        Files.writeString(script, String.join("\n", commands) + "\n", StandardCharsets.UTF_8);
        Path cliOutput = home.getParent().resolve("domain-cli.out");
        Process cli = withJavaOfThisTest(new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--file=" + script))
                .redirectErrorStream(true).redirectOutput(cliOutput.toFile()).start();
        assertEquals(0, cli.waitFor(), () -> "the domain configuration script runs:\n" + read(cliOutput));

        output = home.getParent().resolve("domain.out");
        domain = withJavaOfThisTest(new ProcessBuilder(home.resolve("bin/domain.sh").toString(),
                "-Djboss.management.http.port=" + HOST_CONTROLLER_PORT, "-Djboss.management.native.port=" + HOST_CONTROLLER_NATIVE_PORT))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        for (String server : SERVERS) {
            await(server + " runs").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertTrue(domain.isAlive(), () -> "the domain ended:\n" + read(output));
                try (Management host = new Management(Operations.createAddress("host", "primary", "server", server), HOST_CONTROLLER_PORT)) {
                    ModelNode response = host.execute(Operations.createReadAttributeOperation(host.address, "server-state"));
                    return Operations.isSuccessfulOutcome(response) && "running".equals(Operations.readResult(response).asString());
                } catch (RuntimeException | IOException notYet) {
                    return false;
                }
            });
        }
    }

    /**
     * install.cli's commands for a domain: the extension's as they are, every subsystem's under the profile. Each is
     * taken from the file rather than written here, so the profile holds exactly what a standalone install holds; the
     * {@code if ... of} guards are left out, since the domain is a fresh copy.
     */
    static List<String> installCliOnProfile(Path installCli, String profile) throws IOException {
        List<String> commands = new ArrayList<>();
        for (String line : Files.readAllLines(installCli, StandardCharsets.UTF_8)) {
            String command = line.strip();
            if (command.startsWith("/extension=")) {
                commands.add(command);
            } else if (command.startsWith("/subsystem=")) {
                commands.add("/profile=" + profile + command);
            }
        }
        for (String expected : List.of("/extension=dev.vigil:add", "/subsystem=vigil:add", "/subsystem=vigil/watermark=heap:add",
                "/subsystem=vigil/service=heap-dumps:add", "/subsystem=vigil/service=thread-census:add",
                "/subsystem=vigil/service=instance-guard:add", "/subsystem=jmx:write-attribute(name=non-core-mbean-sensitivity")) {
            assertTrue(commands.stream().anyMatch(command -> command.contains(expected)), expected + " is among install.cli's commands " + commands);
        }
        return commands;
    }

    /** The servers take the JVM of the process that starts domain.sh: this test's, so a run under another JDK boots there. */
    private static ProcessBuilder withJavaOfThisTest(ProcessBuilder builder) {
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JBOSS_HOME", home.toString());
        return builder;
    }

    @AfterAll
    static void stopDomain() throws InterruptedException {
        if (domain == null) {
            return;
        }
        // A report's child JVM still running would be cut off by the shutdown: let it finish (it is over in seconds).
        for (String server : SERVERS) {
            try (HeapDumps dumps = new HeapDumps(onServer(server, HeapDumps.ADDRESS), HOST_CONTROLLER_PORT)) {
                await(server + "'s analyses end").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> dumps.listEntries().stream().noneMatch(DomainIT::analysing));
            } catch (RuntimeException | IOException unreachable) {
                // the server is gone already: nothing of it to wait for
            }
        }
        try (Management host = new Management(Operations.createAddress("host", "primary"), HOST_CONTROLLER_PORT)) {
            host.execute(Operations.createOperation("shutdown", host.address));
        } catch (RuntimeException | IOException closedBeforeAnswering) {
            // the host controller may go before it answers
        }
        if (!domain.waitFor(60, TimeUnit.SECONDS)) {
            domain.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            domain.destroyForcibly();
        }
    }

    @Test
    void oneJbossCliCommandThroughTheDomainControllerReadsTheWatermarkStateOfBothServers() throws IOException, InterruptedException {
        JbossCli.Run run = new JbossCli(home, HOST_CONTROLLER_PORT)
                .run("--command=/host=*/server=*/subsystem=vigil/watermark=heap:read-attribute(name=state)");

        assertEquals(0, run.exitCode(), run.output());
        ModelNode response = ModelNode.fromString(run.output().substring(run.output().indexOf('{')));
        assertTrue(Operations.isSuccessfulOutcome(response), run.output());
        Map<String, String> stateByServer = new TreeMap<>();
        for (ModelNode answer : Operations.readResult(response).asList()) {
            assertTrue(Operations.isSuccessfulOutcome(answer), run.output());
            stateByServer.put(serverOf(answer.get("address")), Operations.readResult(answer).asString());
        }
        assertEquals(SERVERS, List.copyOf(stateByServer.keySet()), run.output());
        stateByServer.forEach((server, state) -> assertTrue(STATES.contains(state), server + "'s state " + state + " is one of " + STATES));
    }

    @Test
    void aProfileWriteAppliesLiveOnBothServersWithoutReloadOrRestart() throws IOException {
        ModelNode census = Operations.createAddress("profile", PROFILE, "subsystem", "vigil", "service", "thread-census");
        try (Management profile = new Management(census, HOST_CONTROLLER_PORT)) {
            ModelNode shipped = profile.readAttribute("origin-warning");
            int changed = shipped.asInt() + 1;
            try {
                ModelNode response = profile.writeAttribute("origin-warning", new ModelNode(changed));

                assertTrue(Operations.isSuccessfulOutcome(response), response.toString());
                for (String server : SERVERS) {
                    try (Management onServer = new Management(onServer(server, Census.ADDRESS), HOST_CONTROLLER_PORT);
                            Management process = new Management(Operations.createAddress("host", "primary", "server", server), HOST_CONTROLLER_PORT)) {
                        assertEquals(changed, onServer.readAttribute("origin-warning").asInt(), server + " runs with the new origin-warning");
                        assertEquals("running", process.readAttribute("server-state").asString(), server + " needs no reload or restart");
                        assertEquals("ok", process.readAttribute("runtime-configuration-state").asString(), server + " needs no reload or restart");
                    }
                }
                assertFalse(response.toString().contains("reload-required") || response.toString().contains("restart-required"), response.toString());
            } finally {
                assertTrue(Operations.isSuccessfulOutcome(profile.writeAttribute("origin-warning", shipped)), "origin-warning restored");
            }
        }
    }

    @Test
    void aDumpTakenOnOneServerThroughTheDomainControllerIsListedAndStoredThereOnly() throws IOException {
        try (HeapDumps one = new HeapDumps(onServer("server-one", HeapDumps.ADDRESS), HOST_CONTROLLER_PORT);
                HeapDumps two = new HeapDumps(onServer("server-two", HeapDumps.ADDRESS), HOST_CONTROLLER_PORT)) {
            String file = one.dumpHeap(null, null).get("file").asString();

            assertTrue(file.startsWith("server-one-") && file.endsWith("-manual.hprof"), file);
            assertTrue(one.listDumps().contains(file), "server-one lists " + file + ": " + one.listDumps());
            assertFalse(two.listEntries().stream().anyMatch(entry -> entry.get("file").asString().equals(file)),
                    "server-two does not list " + file + ": " + two.listEntries());
            Path servers = home.resolve("domain/servers");
            assertTrue(Files.isRegularFile(servers.resolve("server-one/data/vigil/heap-dumps").resolve(file)), file + " is in server-one's own directory");
            assertFalse(Files.exists(servers.resolve("server-two/data/vigil/heap-dumps").resolve(file)), file + " is not in server-two's");
            // analyze=true (install.cli): the report's child JVM runs now; it ends before the class does
            ModelNode analysed = await(file + " analysed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> entry(one, file), entry -> !analysing(entry));
            assertEquals("done", analysed.get("analysis").asString(), analysed.toString());
        }
    }

    @Test
    void aThreadCensusOfOneServerIsReadThroughTheDomainController() throws IOException {
        try (Census census = new Census(onServer("server-two", Census.ADDRESS), HOST_CONTROLLER_PORT)) {
            Map<String, Integer> byEntry = census.census("entry");

            assertFalse(byEntry.isEmpty(), "the census answers rows");
            byEntry.forEach((origin, count) -> assertTrue(!origin.isEmpty() && count > 0, origin + " => " + count));
            assertTrue(byEntry.containsKey("unknown"), "the server's own threads count under unknown: " + byEntry);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "server-one", "server-two" })
    void eachServerOfTheHostHoldsItsOwnDirectoriesAndFindsNoDuplicate(String server) throws IOException {
        try (Management guard = new Management(onServer(server, Operations.createAddress("subsystem", "vigil", "service", "instance-guard")),
                HOST_CONTROLLER_PORT)) {
            ModelNode state = guard.readResource();

            assertFalse(state.get("duplicate-detected").asBoolean(), state.toString());
            assertEquals(0, state.get("duplicates").asList().size(), state.toString());
            Path own = home.resolve("domain/servers").resolve(server);
            List<String> lockFiles = state.get("lock-files").asList().stream().map(ModelNode::asString).toList();
            assertEquals(List.of(own.resolve("data/vigil.lock").toString(), own.resolve("log/vigil.lock").toString(),
                    own.resolve("tmp/vigil.lock").toString()), lockFiles);
            String log = Files.readString(own.resolve("log/server.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("VIGIL0405"), "the guard started on " + server);
            DUPLICATE_MESSAGES.forEach(id -> assertFalse(log.contains(id), server + "'s log has no " + id + ":\n" + log));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** {@code address} of a Vigil resource on one server of the host, as the domain controller reaches it. */
    private static ModelNode onServer(String server, ModelNode address) {
        ModelNode onServer = Operations.createAddress("host", "primary", "server", server);
        address.asList().forEach(onServer::add);
        return onServer;
    }

    private static String serverOf(ModelNode address) {
        return address.asList().stream().filter(element -> element.has("server")).map(element -> element.get("server").asString())
                .findFirst().orElseThrow(() -> new AssertionError("no server in " + address));
    }

    private static ModelNode entry(HeapDumps dumps, String file) {
        return dumps.listEntries().stream().filter(entry -> entry.get("file").asString().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " is no longer listed"));
    }

    private static boolean analysing(ModelNode entry) {
        String analysis = entry.get("analysis").asString();
        return analysis.equals("queued") || analysis.equals("running");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
