package dev.vigil.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Installing Vigil into a running stock WildFly 39.0.1.Final, as the README tells a user to: the module zip unzipped
 * into the distribution from Maven Central, then {@code config/install.cli} through the server's own
 * {@code jboss-cli.sh -c}. Every resource starts at once: the server stays {@code running}, with no reload or restart
 * asked for. Port offset 21800: no other IT uses it, and every port stays below 32768 (Linux's ephemeral range).
 */
class StockInstallIT {

    private static final int OFFSET = 21800;
    private static final ModelNode VIGIL = Operations.createAddress("subsystem", "vigil");

    private static Path home;
    private static ServerProcess server;
    private static String cliOutput;
    private static int cliExit;

    @BeforeAll
    static void installIntoARunningStockServer() throws IOException, InterruptedException {
        home = Path.of(property("vigil.stock.home"));
        assertFalse(Files.readString(home.resolve("standalone/configuration/standalone.xml"), StandardCharsets.UTF_8).contains("dev.vigil"),
                "the stock configuration knows nothing of Vigil");
        server = ServerProcess.start("server-stock", home, OFFSET);
        server.awaitRunning();

        Path output = home.getParent().resolve("stock-install-cli.out");
        Process cli = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "-c",
                "--controller=remote+http://" + ServerAddress.HOST + ":" + server.managementPort(), "--file=" + property("vigil.install.cli"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!cli.waitFor(120, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new AssertionError("jboss-cli.sh did not end within 120 s:\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
        cliExit = cli.exitValue();
        cliOutput = Files.readString(output, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set (the failsafe configuration in pom.xml sets it)");
        }
        return value;
    }

    private static ModelNode read(ModelNode address) {
        try (Management resource = server.management(address)) {
            return resource.readResource();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void installCliSucceedsWithoutAskingForAReloadOrRestart() {
        assertEquals(0, cliExit, cliOutput);
        assertFalse(cliOutput.contains("failed"), cliOutput);
        for (String header : List.of("reload-required", "restart-required", "operation-requires-reload", "operation-requires-restart")) {
            assertFalse(cliOutput.contains(header), "no " + header + " in any response:\n" + cliOutput);
        }
    }

    @Test
    void theServerRunsOnWithoutReloadAfterTheInstall() throws IOException {
        try (Management root = server.management(new ModelNode().setEmptyList())) {
            ModelNode response = root.execute(Operations.createReadAttributeOperation(new ModelNode().setEmptyList(), "server-state"));

            assertEquals("running", Operations.readResult(response).asString(), response.toString());
            assertFalse(response.hasDefined("response-headers", "process-state"), "no pending reload or restart: " + response);
        }
    }

    @Test
    void everyResourceOfInstallCliIsThereAndItsServiceRuns() {
        assertEquals("NORMAL", read(Operations.createAddress("subsystem", "vigil", "watermark", "heap")).get("state").asString());
        assertTrue(read(Operations.createAddress("subsystem", "vigil", "service", "heap-dumps")).get("dumps").isDefined());
        assertTrue(read(Operations.createAddress("subsystem", "vigil", "service", "thread-census")).get("live-threads").asInt() > 0);
        assertTrue(read(VIGIL).isDefined());
    }

    @Test
    void theInstanceGuardHoldsTheServersDirectoriesAtOnce() {
        ModelNode guard = read(Operations.createAddress("subsystem", "vigil", "service", "instance-guard"));

        assertFalse(guard.get("duplicate-detected").asBoolean(), guard.toString());
        List<String> lockFiles = guard.get("lock-files").asList().stream().map(ModelNode::asString).toList();
        assertTrue(lockFiles.contains(home.resolve("standalone/data/vigil.lock").toString()), guard.toString());
        assertTrue(server.log().contains("VIGIL0405"), "the guard started:\n" + server.log());
    }
}
