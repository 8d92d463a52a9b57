package dev.vigil.guard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceGuardTest {

    private static final long MY_PID = ProcessHandle.current().pid();

    @TempDir
    Path temp;

    private Path a;
    private Path b;
    private Path c;
    private final Heard heard = new Heard();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void dirs() throws IOException {
        a = Files.createDirectory(temp.toRealPath().resolve("a"));
        b = Files.createDirectory(temp.toRealPath().resolve("b"));
        c = Files.createDirectory(temp.toRealPath().resolve("c"));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable each : toClose) {
            each.close();
        }
    }

    private InstanceGuard guard(boolean checkPorts, Path... dirs) {
        InstanceGuard guard = new InstanceGuard(new GuardSettings(OnDuplicate.FAIL, List.of(dirs), checkPorts, Duration.ofSeconds(10)),
                InstanceInfo.current("standalone.xml", 0, List.of()));
        guard.listener(heard);
        toClose.add(guard);
        return guard;
    }

    private InstanceGuard guard(Path... dirs) {
        return guard(false, dirs);
    }

    private OtherProcess holding(Path... dirs) {
        OtherProcess other = OtherProcess.holding(dirs);
        toClose.add(other);
        return other;
    }

    /** A socket binding on the loopback interface, where the other processes of these tests listen. */
    static InetSocketAddress onLoopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private static Path lockFile(Path dir) {
        return dir.resolve(DirectoryLock.FILE);
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    // claimDirs

    @Test
    void claimDirsHoldsEveryFreeDirectoryAndFindsNoDuplicate() throws GuardException {
        InstanceGuard guard = guard(a, b);

        assertEquals(List.of(), guard.claimDirs());

        assertEquals(List.of(lockFile(a), lockFile(b)), guard.lockFiles());
        assertEquals(List.of(), guard.duplicates());
    }

    @Test
    void aStaleLockFileNamingADeadProcessIsClaimedWithoutDuplicate() throws IOException, GuardException {
        Files.writeString(lockFile(a), "pid=999999999\nhost=" + InstanceInfo.localHost() + "\n");
        InstanceGuard guard = guard(a);

        assertEquals(List.of(), guard.claimDirs());

        assertEquals(List.of(lockFile(a)), guard.lockFiles());
        assertEquals(MY_PID, InstanceInfo.parse(OtherProcess.read(lockFile(a))).pid());
    }

    @Test
    void aMissingLockDirectoryFailsTheClaimNamingIt() {
        Path missing = a.resolve("missing");

        GuardException e = assertThrows(GuardException.class, () -> guard(missing).claimDirs());

        assertTrue(e.getMessage().contains("lock-dirs=" + missing), e.getMessage());
        assertTrue(e.getMessage().contains("it does not exist"), e.getMessage());
    }

    @Test
    void aLockDirectoryThatIsAFileFailsTheClaimNamingIt() throws IOException {
        Path file = Files.writeString(a.resolve("file.txt"), "x");

        GuardException e = assertThrows(GuardException.class, () -> guard(file).claimDirs());

        assertTrue(e.getMessage().contains("lock-dirs=" + file), e.getMessage());
        assertTrue(e.getMessage().contains("it is not a directory"), e.getMessage());
    }

    @Test
    void aFailedClaimHoldsNoDirectory() {
        InstanceGuard guard = guard(a, b.resolve("missing"));

        assertThrows(GuardException.class, guard::claimDirs);

        assertEquals(List.of(), guard.lockFiles());
        assertTrue(OtherProcess.canClaim(a), "another process can lock the directory claimed before the failure");
    }

    // checkPorts and the lock files

    @Test
    void checkPortsWritesThePortsIntoTheLockFiles() throws GuardException {
        InstanceGuard guard = guard(a, b);
        guard.claimDirs();

        guard.checkPorts(100, List.of(onLoopback(8180), onLoopback(10090)));

        for (Path dir : List.of(a, b)) {
            InstanceInfo written = InstanceInfo.parse(OtherProcess.read(lockFile(dir)));
            assertEquals(MY_PID, written.pid(), dir.toString());
            assertEquals(InstanceInfo.localHost(), written.host(), dir.toString());
            assertEquals(100, written.portOffset(), dir.toString());
            assertEquals(List.of(8180, 10090), written.ports(), dir.toString());
        }
    }

    @Test
    void checkPortsFindsAnotherProcessListeningOnAPort() throws GuardException {
        OtherProcess other = OtherProcess.listening();
        toClose.add(other);
        InstanceGuard guard = guard(true, a);
        guard.claimDirs();

        List<Duplicate> duplicates = guard.checkPorts(0, List.of(onLoopback(other.port())));

        assertEquals(1, duplicates.size(), duplicates.toString());
        assertEquals(other.pid(), duplicates.get(0).other().pid());
        assertEquals(List.of(other.port()), duplicates.get(0).sharedPorts());
        assertEquals(List.of(), duplicates.get(0).sharedDirs());
    }

    @Test
    void aServerFoundOnThePortsOnlyIsLeftATraceInTheDataDirectoryItLocks() throws GuardException, IOException {
        OtherProcess other = OtherProcess.serverWithDataDir(b);
        toClose.add(other);
        InstanceGuard guard = guard(true, a);
        guard.claimDirs();
        List<Duplicate> found = guard.checkPorts(0, List.of(onLoopback(other.port())));

        guard.leaveTraces(found, OnDuplicate.FAIL);

        Path trace = b.resolve("vigil.contender-" + ProcessHandle.current().pid());
        Contender left = Contender.parse(Files.readString(trace, StandardCharsets.UTF_8));
        assertEquals(List.of(other.port()), left.sharedPorts());
        assertEquals(List.of(), left.sharedDirs());
        assertEquals("fail", left.onDuplicate());
    }

    @Test
    void checkPortsFindsNothingWhenPortsAreNotChecked() throws GuardException {
        OtherProcess other = OtherProcess.listening();
        toClose.add(other);
        InstanceGuard guard = guard(false, a);
        guard.claimDirs();

        assertEquals(List.of(), guard.checkPorts(0, List.of(onLoopback(other.port()))));
    }

    // duplicates

    @Test
    void duplicatesAreEmptyWhenAlone() throws GuardException, IOException {
        try (ServerSocket mine = new ServerSocket()) {
            mine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InstanceGuard guard = guard(true, a, b);
            guard.claimDirs();
            guard.checkPorts(0, List.of(onLoopback(mine.getLocalPort())));

            assertEquals(List.of(), guard.duplicates());
        }
    }

    @Test
    void duplicatesListEachOtherProcessOnceWithEveryDirectoryItHolds() throws GuardException {
        OtherProcess first = holding(a, b);
        OtherProcess second = holding(c);
        InstanceGuard guard = guard(a, b, c);

        List<Duplicate> duplicates = guard.claimDirs();

        assertEquals(2, duplicates.size(), duplicates.toString());
        assertEquals(first.pid(), duplicates.get(0).other().pid());
        assertEquals(List.of(a.toString(), b.toString()), duplicates.get(0).sharedDirs());
        assertEquals(second.pid(), duplicates.get(1).other().pid());
        assertEquals(List.of(c.toString()), duplicates.get(1).sharedDirs());
        assertEquals(duplicates, guard.duplicates());
    }

    @Test
    void aProcessHoldingADirectoryAndListeningOnAPortIsOneDuplicate() throws GuardException {
        OtherProcess other = OtherProcess.start("lock", a.toString(), "listen", "0");
        toClose.add(other);
        InstanceGuard guard = guard(true, a);
        guard.claimDirs();

        List<Duplicate> duplicates = guard.checkPorts(0, List.of(onLoopback(other.port())));

        assertEquals(1, duplicates.size(), duplicates.toString());
        assertEquals(other.pid(), duplicates.get(0).other().pid());
        assertEquals(List.of(a.toString()), duplicates.get(0).sharedDirs());
        assertEquals(List.of(other.port()), duplicates.get(0).sharedPorts());
    }

    // leaveTraces

    @Test
    void leaveTracesAddsOnlyAContenderTraceToEachSharedDirectory() throws IOException, GuardException {
        holding(a, b);
        FileTime anHourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        Files.setLastModifiedTime(lockFile(a), anHourAgo);
        Files.setLastModifiedTime(lockFile(b), anHourAgo);
        String lockA = Files.readString(lockFile(a));
        String lockB = Files.readString(lockFile(b));
        InstanceGuard guard = guard(a, b);
        guard.claimDirs();
        assertEquals(Set.of(DirectoryLock.FILE), names(a));
        assertEquals(Set.of(DirectoryLock.FILE), names(b));

        guard.leaveTraces(guard.duplicates(), OnDuplicate.FAIL);

        Set<String> expected = Set.of(DirectoryLock.FILE, Contender.PREFIX + MY_PID);
        assertEquals(expected, names(a));
        assertEquals(expected, names(b));
        assertEquals(lockA, Files.readString(lockFile(a)));
        assertEquals(lockB, Files.readString(lockFile(b)));
        assertEquals(anHourAgo, Files.getLastModifiedTime(lockFile(a)));
        assertEquals(anHourAgo, Files.getLastModifiedTime(lockFile(b)));
    }

    // check: contenders

    @Test
    void checkReportsAContenderOnceAndRemovesItsTraces() throws GuardException {
        InstanceGuard guard = guard(a, b);
        guard.claimDirs();
        OtherProcess contender = OtherProcess.contending(OnDuplicate.WARN, a, b);
        toClose.add(contender);
        assertTrue(Files.exists(a.resolve(Contender.PREFIX + contender.pid())), "the contender left its trace");

        guard.check();

        assertEquals(1, heard.contenders.size(), heard.contenders.toString());
        Contender heardOf = heard.contenders.get(0);
        assertEquals(contender.pid(), heardOf.who().pid());
        assertEquals(List.of(a.toString(), b.toString()), heardOf.sharedDirs());
        assertEquals("warn", heardOf.onDuplicate());
        assertFalse(Files.exists(a.resolve(Contender.PREFIX + contender.pid())), "trace in a removed");
        assertFalse(Files.exists(b.resolve(Contender.PREFIX + contender.pid())), "trace in b removed");
        assertEquals(List.of(heardOf), guard.contenders());

        guard.check();

        assertEquals(1, heard.contenders.size(), "nothing new on the second check: " + heard.contenders);
    }

    @Test
    void contendersKeepsTheNewestMaxContenders() throws GuardException, IOException {
        InstanceGuard guard = guard(a);
        guard.claimDirs();
        int count = InstanceGuard.MAX_CONTENDERS + 5;
        for (int i = 1; i <= count; i++) {
            InstanceInfo who = new InstanceInfo(1_000_000 + i, InstanceInfo.localHost(), Instant.EPOCH, "", "", "", 0, List.of());
            new Contender(who, Instant.now(), List.of(a.toString()), List.of(), "fail").leave(a);
            guard.check();
        }

        List<Long> pids = guard.contenders().stream().map(known -> known.who().pid()).toList();

        assertEquals(InstanceGuard.MAX_CONTENDERS, pids.size());
        assertEquals(1_000_000L + 6, pids.get(0));
        assertEquals(1_000_000L + count, pids.get(pids.size() - 1));
    }

    @Test
    void contendersSeenCountsEveryContenderPastTheBoundOfTheList() throws GuardException, IOException {
        InstanceGuard guard = guard(a);
        guard.claimDirs();
        assertEquals(0, guard.contendersSeen(), "none before any contender");
        int count = InstanceGuard.MAX_CONTENDERS + 5;
        for (int i = 1; i <= count; i++) {
            InstanceInfo who = new InstanceInfo(2_000_000 + i, InstanceInfo.localHost(), Instant.EPOCH, "", "", "", 0, List.of());
            new Contender(who, Instant.now(), List.of(a.toString()), List.of(), "fail").leave(a);
            guard.check();
        }
        guard.check(); // nothing new: no more counted

        assertEquals(InstanceGuard.MAX_CONTENDERS, guard.contenders().size());
        assertEquals(count, guard.contendersSeen());
    }

    @Test
    void contendersSeenCountsAContenderOfTwoDirectoriesOnce() throws GuardException {
        InstanceGuard guard = guard(a, b);
        guard.claimDirs();
        OtherProcess contender = OtherProcess.contending(OnDuplicate.WARN, a, b);
        toClose.add(contender);

        guard.check();
        guard.check();

        assertEquals(1, guard.contendersSeen(), "one trace in each directory, one contender");
    }

    // check: management reads meanwhile

    /** Enough contender traces that reading and removing them keeps a check at work on the disk for a while. */
    private static final int MANY_TRACES = 20_000;

    private static long traces(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().startsWith(Contender.PREFIX)).count();
        }
    }

    @Test
    void readsDoNotWaitForACheckBusyOnTheDisk() throws Exception {
        InstanceGuard guard = guard(a);
        guard.claimDirs();
        InstanceInfo me = guard.me();
        for (int i = 0; i < MANY_TRACES; i++) {
            InstanceInfo who = new InstanceInfo(4_000_000 + i, me.host(), me.started(), "", "", "", 0, List.of());
            new Contender(who, Instant.now(), List.of(a.toString()), List.of(), "fail").leave(a);
        }
        Thread checking = new Thread(guard::check, "slow-check");
        checking.start();
        await("the check is at work on the traces").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                .until(() -> traces(a) < MANY_TRACES);

        List<Path> lockFiles = guard.lockFiles();
        guard.duplicates();
        guard.contenders();
        guard.me();
        boolean checkStillAtWork = checking.isAlive();
        checking.join();

        assertTrue(checkStillAtWork, "the reads answered while the check was still reading the disk");
        assertEquals(List.of(lockFile(a)), lockFiles);
        assertEquals(0, traces(a), "the check read every trace");
    }

    // check: directories another process held

    @Test
    void checkTakesOverADirectoryOnceTheProcessHoldingItEnded() throws GuardException {
        OtherProcess other = holding(a);
        InstanceGuard guard = guard(a, b);
        assertEquals(1, guard.claimDirs().size());

        other.kill();
        guard.check();

        assertEquals(List.of(), guard.duplicates());
        assertTrue(guard.lockFiles().contains(lockFile(a)), guard.lockFiles().toString());
    }

    // check: lost locks

    @Test
    void checkLocksADeletedLockFileAgainAndReportsItLost() throws GuardException, IOException {
        InstanceGuard guard = guard(a);
        guard.claimDirs();
        Files.delete(lockFile(a));

        guard.check();

        assertEquals(List.of(lockFile(a) + " deleted retaken"), heard.lockLost);
        assertEquals(MY_PID, InstanceInfo.parse(OtherProcess.read(lockFile(a))).pid());
        assertFalse(OtherProcess.canClaim(a), "locked again");
    }

    @Test
    void checkLocksAReplacedLockFileAgainAndReportsItLost() throws GuardException, IOException {
        InstanceGuard guard = guard(a);
        guard.claimDirs();
        Files.delete(lockFile(a));
        Files.writeString(lockFile(a), "someone else's\n");

        guard.check();

        assertEquals(List.of(lockFile(a) + " replaced by another file retaken"), heard.lockLost);
        assertEquals(MY_PID, InstanceInfo.parse(OtherProcess.read(lockFile(a))).pid());
        assertFalse(OtherProcess.canClaim(a), "locked again");
    }

    @Test
    void checkReportsALockFileAnotherProcessLockedMeanwhileAsLostAndNotRetaken() throws GuardException, IOException {
        InstanceGuard guard = guard(a);
        guard.claimDirs();
        Files.delete(lockFile(a));
        OtherProcess other = holding(a);

        guard.check();

        assertEquals(List.of(lockFile(a) + " replaced by another file not retaken"), heard.lockLost);
        assertEquals(List.of(other.pid()), guard.duplicates().stream().map(d -> d.other().pid()).toList());
    }

    @Test
    void checkReportsNothingWhileAllIsWell() throws GuardException {
        InstanceGuard guard = guard(a, b);
        guard.claimDirs();

        guard.check();

        assertEquals(List.of(), heard.lockLost);
        assertEquals(List.of(), heard.contenders);
        assertEquals(List.of(), heard.duplicates);
    }

    // close

    @Test
    void closeReleasesTheLocksForAnotherProcess() throws GuardException {
        InstanceGuard guard = guard(a);
        guard.claimDirs();

        guard.close();

        assertTrue(OtherProcess.canClaim(a));
    }

    /** What the listener heard. */
    private static final class Heard implements InstanceGuard.Listener {

        final List<Contender> contenders = new ArrayList<>();
        final List<String> lockLost = new ArrayList<>();
        final List<List<Duplicate>> duplicates = new ArrayList<>();

        @Override
        public void contender(Contender contender) {
            contenders.add(contender);
        }

        @Override
        public void lockLost(Path file, String how, boolean retaken) {
            lockLost.add(file + " " + how + (retaken ? " retaken" : " not retaken"));
        }

        @Override
        public void duplicatesFound(List<Duplicate> found) {
            duplicates.add(found);
        }
    }
}
