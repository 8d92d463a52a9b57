package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The instance guard against real processes: server A, started from its own copy of the configured server (so that
 * what B does to A's directories never reaches the suite's Arquillian server), and servers B that the tests start as
 * an administrator would by mistake. Ports: A has offset 20000, B 20100, so neither meets the suite's server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceGuardIT {

    private static final int A_OFFSET = 20000;
    private static final int B_OFFSET = 20100;
    private static final ModelNode GUARD = Operations.createAddress("subsystem", "vigil", "service", "instance-guard");

    private static Path home;
    private static ServerProcess a;

    @BeforeAll
    static void startA() {
        String dir = System.getProperty("vigil.guard.home");
        if (dir == null) {
            throw new IllegalStateException("System property vigil.guard.home is not set (the failsafe configuration in pom.xml sets it)");
        }
        home = Path.of(dir);
        a = ServerProcess.start("server-a", home, A_OFFSET);
        a.awaitRunning();
        try (Management guard = a.management(GUARD)) {
            // A notices contenders within a second instead of the shipped ten
            assertTrue(Operations.isSuccessfulOutcome(guard.writeAttribute("recheck-interval", new ModelNode(1))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopA() {
        if (a != null) {
            a.close();
        }
    }

    private static Path dataDir() {
        return home.resolve("standalone/data");
    }

    private static ModelNode guardOf(ServerProcess server) {
        try (Management guard = server.management(GUARD)) {
            return guard.readResource();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasContender(long pid, String onDuplicate) {
        return guardOf(a).get("contenders").asList().stream()
                .anyMatch(c -> c.get("pid").asLong() == pid && c.get("on-duplicate").asString().equals(onDuplicate));
    }

    @Test
    @Order(1)
    void aSecondServerOnTheSameDirectoriesStopsBeforeItListensAndTheFirstLearnsOfIt() throws IOException {
        Path lock = dataDir().resolve("vigil.lock");
        String lockBefore = Files.readString(lock, StandardCharsets.UTF_8);
        FileTime modifiedBefore = Files.getLastModifiedTime(lock);
        long aPid = a.javaPid();

        try (ServerProcess b = ServerProcess.start("server-b-same-dirs", home, B_OFFSET)) {
            long bPid = b.javaPid();
            int exit = b.awaitExit(Duration.ofSeconds(60));

            assertNotEquals(0, exit, "B's exit code");
            assertEquals(java.util.Optional.empty(), b.listenedOn(), "B never listened on its HTTP or management port");
            String log = b.log();
            assertTrue(log.contains("VIGIL0400") && log.contains("pid " + aPid) && log.contains(dataDir().toString()),
                    "B's one error names A's pid and the shared data directory:\n" + log);
            assertEquals(1, log.lines().filter(line -> line.contains("VIGIL0400")).count(), "one VIGIL0400 line");
            assertEquals(lockBefore, Files.readString(lock, StandardCharsets.UTF_8), "A's lock file is as A wrote it");
            assertEquals(modifiedBefore, Files.getLastModifiedTime(lock), "A's lock file was not rewritten");
            assertTrue(lockBefore.contains("pid=" + aPid), lockBefore);

            await("A lists B as a contender").atMost(Duration.ofSeconds(15)).until(() -> hasContender(bPid, "fail"));
            assertFalse(guardOf(a).get("duplicate-detected").asBoolean(), "A itself has no duplicate");
            // listed first, logged right after: the check reports outside its lock
            await("A logs the contender").atMost(Duration.ofSeconds(15)).until(() -> Files.readString(home.resolve("standalone/log/server.log"),
                    StandardCharsets.UTF_8).lines().anyMatch(line -> line.contains("VIGIL0402") && line.contains("pid " + bPid)));
        }
    }

    @Test
    @Order(2)
    void aCopyWithItsOwnDirectoriesOnTheSamePortsStopsNamingThePortAndTheFirstLearnsOfIt() throws IOException {
        Path base = home.getParent().resolve("guard-copy-base");
        ServerProcess.copyBase(home.resolve("standalone"), base);
        try (ServerProcess b = ServerProcess.start("server-b-same-ports", home, A_OFFSET, "-Djboss.server.base.dir=" + base)) {
            long bPid = b.javaPid();
            int exit = b.awaitExit(Duration.ofSeconds(60));

            assertNotEquals(0, exit, "B's exit code");
            String log = b.log();
            int managementPort = ServerProcess.MANAGEMENT_PORT + A_OFFSET;
            assertTrue(log.contains("VIGIL0400") && log.contains("ports [") && log.contains(String.valueOf(managementPort))
                    && log.contains("pid " + a.javaPid()), "B's error names the port and A's pid:\n" + log);
            assertFalse(log.contains("directories ["), "B shares no directory with A:\n" + log);

            // B left its trace in A's data directory, found from A's command line
            await("A lists B as a contender on its ports").atMost(Duration.ofSeconds(15)).until(() -> guardOf(a).get("contenders").asList().stream()
                    .anyMatch(c -> c.get("pid").asLong() == bPid && c.get("shared-ports").asList().stream().anyMatch(p -> p.asInt() == managementPort)));
        }
        assertEquals("running", serverState(a), "A runs on");
    }

    @Test
    @Order(3)
    void withWarnBothRunAndBothReport() throws IOException {
        Path config = home.resolve("standalone/configuration");
        String xml = Files.readString(config.resolve("standalone.xml"), StandardCharsets.UTF_8);
        assertTrue(xml.contains("on-duplicate=\"fail\""), "the shipped configuration fails on a duplicate");
        Files.writeString(config.resolve("standalone-warn.xml"), xml.replace("on-duplicate=\"fail\"", "on-duplicate=\"warn\""), StandardCharsets.UTF_8);

        try (ServerProcess b = ServerProcess.start("server-b-warn", home, B_OFFSET, "--server-config=standalone-warn.xml")) {
            b.awaitRunning();
            long bPid = b.javaPid();

            ModelNode bGuard = guardOf(b);
            assertTrue(bGuard.get("duplicate-detected").asBoolean(), bGuard.toString());
            List<ModelNode> duplicates = bGuard.get("duplicates").asList();
            assertEquals(1, duplicates.size(), bGuard.toString());
            assertEquals(a.javaPid(), duplicates.get(0).get("pid").asLong());
            assertTrue(duplicates.get(0).get("shared-dirs").asList().stream().anyMatch(d -> d.asString().equals(dataDir().toString())), bGuard.toString());
            assertEquals(1, b.log().lines().filter(line -> line.contains("VIGIL0401")).count(), "B logs once that it runs on a duplicate:\n" + b.log());

            await("A lists B as a contender that runs on").atMost(Duration.ofSeconds(15)).until(() -> hasContender(bPid, "warn"));
        }
    }

    @Test
    @Order(4)
    void anUnusableLockDirectoryIsRefusedWithAClearErrorAndChangesNothing() throws IOException {
        try (Management guard = a.management(GUARD)) {
            ModelNode before = guard.readAttribute("lock-dirs");
            Path file = Files.writeString(home.getParent().resolve("not-a-directory"), "x");
            ModelNode response = guard.writeAttribute("lock-dirs", new ModelNode().add(file.resolve("sub").toString()));

            assertFalse(Operations.isSuccessfulOutcome(response));
            String failure = Operations.getFailureDescription(response).asString();
            assertTrue(failure.contains("VIGIL0404") && failure.contains("lock-dirs=" + file.resolve("sub")) && failure.contains("does not exist"), failure);
            assertEquals(before, guard.readAttribute("lock-dirs"), "lock-dirs unchanged");
            assertEquals("running", serverState(a), "no reload required");
        }
    }

    @Test
    @Order(5)
    void aServerWhoseLockDirectoryIsUnusableDoesNotBootAndSaysWhy() throws IOException {
        Path base = home.getParent().resolve("guard-bad-dir-base");
        ServerProcess.copyBase(home.resolve("standalone"), base);
        Path bad = home.getParent().resolve("not-a-directory-either");
        Files.writeString(bad, "x");
        Path config = base.resolve("configuration/standalone.xml");
        String xml = Files.readString(config, StandardCharsets.UTF_8);
        Files.writeString(config, xml.replace("<instance-guard ", "<instance-guard lock-dirs=\"" + bad + "\" "), StandardCharsets.UTF_8);

        try (ServerProcess b = ServerProcess.start("server-b-bad-dir", home, B_OFFSET, "-Djboss.server.base.dir=" + base)) {
            int exit = b.awaitExit(Duration.ofSeconds(60));

            assertNotEquals(0, exit, "exit code");
            String log = b.log();
            assertTrue(log.contains("VIGIL0404: lock-dirs=" + bad + " is not allowed") && log.contains("it is not a directory"), log);
            assertEquals(java.util.Optional.empty(), b.listenedOn(), "it never listened");
        }
    }

    @Test
    @Order(6)
    void afterKillMinus9TheRestartedServerFindsNoDuplicate() throws IOException {
        long deadPid = a.javaPid();
        a.kill9();
        String stale = Files.readString(dataDir().resolve("vigil.lock"), StandardCharsets.UTF_8);
        assertTrue(stale.contains("pid=" + deadPid), "the lock file still names the killed server: " + stale);

        a = ServerProcess.start("server-a-restarted", home, A_OFFSET);
        a.awaitRunning();

        ModelNode guard = guardOf(a);
        assertFalse(guard.get("duplicate-detected").asBoolean(), guard.toString());
        assertTrue(Files.readString(dataDir().resolve("vigil.lock"), StandardCharsets.UTF_8).contains("pid=" + a.javaPid()));
        assertFalse(a.log().contains("VIGIL0400") || a.log().contains("VIGIL0401"), a.log());
    }

    private static String serverState(ServerProcess server) {
        try (Management root = server.management(new ModelNode().setEmptyList())) {
            return root.serverState();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
