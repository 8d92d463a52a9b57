package dev.vigil.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.guard.DuplicatePolicy.Alone;
import dev.vigil.guard.DuplicatePolicy.BootStep;
import dev.vigil.guard.DuplicatePolicy.Refuse;
import dev.vigil.guard.DuplicatePolicy.RunOn;
import dev.vigil.guard.DuplicatePolicy.Stop;

/** The halt is a hook here: what the policy would stop the JVM with is recorded, and the test JVM runs on. */
class DuplicatePolicyTest {

    /** Another host's server: no data directory of it is looked for on this one. */
    private static final InstanceInfo OTHER = new InstanceInfo(4242, "host-b", Instant.parse("2025-03-04T05:06:07Z"), "/opt/wildfly",
            "/srv/b", "", 0, List.of());
    private static final InstanceInfo THIRD = new InstanceInfo(4343, "host-c", Instant.parse("2025-03-04T05:06:07Z"), "/opt/wildfly",
            "/srv/c", "", 0, List.of());

    @TempDir
    Path temp;

    private Path mine;
    private Path shared;
    private final List<Integer> halts = new ArrayList<>();
    /** The lock files the guard held when the policy halted. */
    private final List<List<Path>> heldAtHalt = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private InstanceGuard guard;

    @BeforeEach
    void dirs() throws IOException {
        mine = Files.createDirectory(temp.toRealPath().resolve("mine"));
        shared = Files.createDirectory(temp.toRealPath().resolve("shared"));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable each : toClose) {
            each.close();
        }
    }

    private DuplicatePolicy policy() {
        return new DuplicatePolicy(code -> {
            halts.add(code);
            heldAtHalt.add(guard.lockFiles());
        });
    }

    private InstanceGuard guard(OnDuplicate onDuplicate) throws GuardException {
        return guard(onDuplicate, false);
    }

    private InstanceGuard guard(OnDuplicate onDuplicate, boolean checkPorts) throws GuardException {
        guard = new InstanceGuard(new GuardSettings(onDuplicate, List.of(mine), checkPorts, Duration.ofSeconds(10)),
                InstanceInfo.current("standalone.xml", 0, List.of()));
        toClose.add(guard);
        guard.claimDirs();
        return guard;
    }

    private Path trace(Path dir) {
        return dir.resolve(Contender.PREFIX + ProcessHandle.current().pid());
    }

    // at boot

    @Test
    void failAtBootHaltsWithExitOneAfterClosingTheGuard() throws GuardException {
        Duplicate onTheDirs = new Duplicate(OTHER, List.of(shared.toString()), List.of());

        DuplicatePolicy.Decision decision = policy().atBoot(guard(OnDuplicate.FAIL), List.of(onTheDirs), BootStep.DIRECTORIES);

        assertEquals(new Stop(List.of(onTheDirs)), decision);
        assertEquals(List.of(1), halts);
        assertEquals(List.of(List.of()), heldAtHalt, "the locks are released before the halt");
    }

    @Test
    void failAtBootLeavesATraceInTheSharedDirectoryBeforeTheHalt() throws GuardException, IOException {
        policy().atBoot(guard(OnDuplicate.FAIL), List.of(new Duplicate(OTHER, List.of(shared.toString()), List.of())), BootStep.DIRECTORIES);

        Contender left = Contender.parse(Files.readString(trace(shared), StandardCharsets.UTF_8));
        assertEquals(List.of(shared.toString()), left.sharedDirs());
        assertEquals("fail", left.onDuplicate());
    }

    @Test
    void warnAtBootReportsLeavesATraceAndDoesNotHalt() throws GuardException, IOException {
        Duplicate onTheDirs = new Duplicate(OTHER, List.of(shared.toString()), List.of());

        DuplicatePolicy.Decision decision = policy().atBoot(guard(OnDuplicate.WARN), List.of(onTheDirs), BootStep.DIRECTORIES);

        assertEquals(new RunOn(List.of(onTheDirs)), decision);
        assertEquals(List.of(), halts);
        assertEquals(List.of(mine.resolve(DirectoryLock.FILE)), guard.lockFiles(), "the guard runs on with its locks");
        assertEquals("warn", Contender.parse(Files.readString(trace(shared), StandardCharsets.UTF_8)).onDuplicate());
    }

    @Test
    void noDuplicateAtBootIsAloneWithoutHaltOrTrace() throws GuardException {
        assertEquals(new Alone(), policy().atBoot(guard(OnDuplicate.FAIL), List.of(), BootStep.DIRECTORIES));
        assertEquals(new Alone(), policy().atBoot(guard, List.of(), BootStep.PORTS));

        assertEquals(List.of(), halts);
        assertEquals(List.of(mine.resolve(DirectoryLock.FILE)), guard.lockFiles());
    }

    @Test
    void thePortsStepReportsOnlyWhatThePortsAdd() throws GuardException {
        // on the directories and a port: the directories step reported it, with its directories, and left its trace there
        Duplicate alsoOnTheDirs = new Duplicate(OTHER, List.of(shared.toString()), List.of(8080));
        Duplicate onTheDirsOnly = new Duplicate(THIRD, List.of(shared.toString()), List.of());

        DuplicatePolicy.Decision decision = policy().atBoot(guard(OnDuplicate.FAIL), List.of(alsoOnTheDirs, onTheDirsOnly), BootStep.PORTS);

        assertEquals(new Stop(List.of(new Duplicate(OTHER, List.of(), List.of(8080)))), decision);
        assertEquals(List.of(1), halts);
        assertFalse(Files.exists(trace(shared)), "no second trace in a directory the directories step already left one in");
    }

    @Test
    void thePortsStepWithDuplicatesOnTheDirectoriesOnlyIsAloneAndDoesNotHalt() throws GuardException {
        Duplicate onTheDirs = new Duplicate(OTHER, List.of(shared.toString()), List.of());

        assertEquals(new Alone(), policy().atBoot(guard(OnDuplicate.FAIL), List.of(onTheDirs), BootStep.PORTS));

        assertEquals(List.of(), halts);
        assertEquals(List.of(mine.resolve(DirectoryLock.FILE)), guard.lockFiles());
    }

    @Test
    void thePortsStepLeavesATraceForAServerFoundOnThePortsOnly() throws GuardException, IOException {
        OtherProcess other = OtherProcess.serverWithDataDir(shared);
        toClose.add(other);
        List<Duplicate> found = guard(OnDuplicate.WARN, true).checkPorts(0, List.of(InstanceGuardTest.onLoopback(other.port())));

        DuplicatePolicy.Decision decision = policy().atBoot(guard, found, BootStep.PORTS);

        assertEquals(List.of(other.pid()), ((RunOn) decision).reported().stream().map(d -> d.other().pid()).toList());
        Contender left = Contender.parse(Files.readString(trace(shared), StandardCharsets.UTF_8));
        assertEquals(List.of(other.port()), left.sharedPorts());
        assertEquals(List.of(), halts);
    }

    // added on a running server

    @Test
    void addedOnARunningServerWithFailIsRefusedWithTheVigil0408MessageAndNeverHalts() throws GuardException {
        Duplicate onTheDirs = new Duplicate(OTHER, List.of(shared.toString()), List.of());

        DuplicatePolicy.Decision decision = policy().whenAdded(guard(OnDuplicate.FAIL), List.of(onTheDirs));

        String message = assertInstanceOf(Refuse.class, decision).message();
        assertTrue(message.startsWith("VIGIL0408: The instance guard was not added"), message);
        assertTrue(message.contains("directories [" + shared + "]") && message.contains(OTHER.describe()) && message.contains("kill 4242"), message);
        assertEquals(List.of(), halts);
        assertFalse(Files.exists(trace(shared)), "a refused add leaves no trace");
    }

    @Test
    void addedOnARunningServerWithWarnReportsEveryDuplicateAndGoesOn() throws GuardException {
        List<Duplicate> found = List.of(new Duplicate(OTHER, List.of(shared.toString()), List.of(8080)), new Duplicate(THIRD, List.of(), List.of(8443)));

        assertEquals(new RunOn(found), policy().whenAdded(guard(OnDuplicate.WARN), found));

        assertEquals(List.of(), halts);
        assertEquals(List.of(mine.resolve(DirectoryLock.FILE)), guard.lockFiles());
    }

    @Test
    void addedOnARunningServerWithoutDuplicateIsAlone() throws GuardException {
        assertEquals(new Alone(), policy().whenAdded(guard(OnDuplicate.FAIL), List.of()));
        assertEquals(List.of(), halts);
    }
}
