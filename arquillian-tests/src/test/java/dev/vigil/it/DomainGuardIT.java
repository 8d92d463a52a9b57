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
import java.util.List;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The instance guard in a managed domain ({@code bin/domain.sh}): WildFly's default host runs server-one and
 * server-two of main-server-group, each with its own directories and port offset, so neither may take the other for
 * a duplicate. The domain runs from the guard's copy of the configured server, with its host controller on ports of
 * its own (31990, 31999) and the servers at offsets 21000 and 21150.
 */
class DomainGuardIT {

    private static final int HOST_CONTROLLER_PORT = 31990;
    private static final List<String> SERVERS = List.of("server-one", "server-two");

    private static Path home;
    private static Process domain;
    private static Path output;

    @BeforeAll
    static void startDomain() throws IOException, InterruptedException {
        home = Path.of(System.getProperty("vigil.guard.home"));
        Path script = home.getParent().resolve("domain-guard.cli");
        Files.writeString(script, String.join("\n",
                "embed-host-controller --domain-config=domain.xml --host-config=host.xml --std-out=discard",
                "/extension=dev.vigil:add",
                "/profile=full/subsystem=vigil:add",
                "/profile=full/subsystem=vigil/service=instance-guard:add",
                "/host=primary/server-config=server-one:write-attribute(name=socket-binding-port-offset,value=21000)",
                "/host=primary/server-config=server-two:write-attribute(name=socket-binding-port-offset,value=21150)",
                "stop-embedded-host-controller", ""), StandardCharsets.UTF_8);
        Process cli = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--file=" + script).redirectErrorStream(true)
                .redirectOutput(home.getParent().resolve("domain-guard-cli.out").toFile()).start();
        assertEquals(0, cli.waitFor(), "the domain configuration script runs");

        output = home.getParent().resolve("domain.out");
        domain = new ProcessBuilder(home.resolve("bin/domain.sh").toString(), "-Djboss.management.http.port=" + HOST_CONTROLLER_PORT,
                "-Djboss.management.native.port=31999").redirectErrorStream(true).redirectOutput(output.toFile()).start();
        for (String server : SERVERS) {
            await(server + " runs").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertTrue(domain.isAlive(), "the domain ended:\n" + Files.readString(output));
                try (Management host = new Management(Operations.createAddress("host", "primary", "server", server), HOST_CONTROLLER_PORT)) {
                    ModelNode response = host.execute(Operations.createReadAttributeOperation(host.address, "server-state"));
                    return Operations.isSuccessfulOutcome(response) && "running".equals(Operations.readResult(response).asString());
                } catch (RuntimeException | IOException notYet) {
                    return false;
                }
            });
        }
    }

    @AfterAll
    static void stopDomain() throws InterruptedException {
        if (domain == null) {
            return;
        }
        try (Management host = new Management(Operations.createAddress("host", "primary"), HOST_CONTROLLER_PORT)) {
            host.execute(Operations.createOperation("shutdown", host.address));
        } catch (RuntimeException | IOException closedBeforeAnswering) {
            // the host controller may go before it answers
        }
        if (!domain.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            domain.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            domain.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "server-one", "server-two" })
    void eachServerOfTheHostHoldsItsOwnDirectoriesAndFindsNoDuplicate(String server) throws IOException {
        try (Management guard = new Management(Operations.createAddress("host", "primary", "server", server, "subsystem", "vigil",
                "service", "instance-guard"), HOST_CONTROLLER_PORT)) {
            ModelNode state = guard.readResource();

            assertFalse(state.get("duplicate-detected").asBoolean(), state.toString());
            assertEquals(0, state.get("duplicates").asList().size(), state.toString());
            Path own = home.resolve("domain/servers").resolve(server);
            List<String> lockFiles = state.get("lock-files").asList().stream().map(ModelNode::asString).toList();
            assertEquals(List.of(own.resolve("data/vigil.lock").toString(), own.resolve("log/vigil.lock").toString(),
                    own.resolve("tmp/vigil.lock").toString()), lockFiles);
            String log = Files.readString(own.resolve("log/server.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("VIGIL0405"), "the guard started on " + server);
            assertFalse(log.contains("VIGIL0400") || log.contains("VIGIL0401"), log);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
