package dev.vigil.guard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {

    private static final InstanceInfo ME = InstanceInfo.current("standalone.xml", 0, List.of());

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable each : toClose) {
            each.close();
        }
    }

    private DirectoryLock held(DirectoryLock.Claim claim) {
        DirectoryLock lock = assertInstanceOf(DirectoryLock.Held.class, claim).lock();
        toClose.add(lock);
        return lock;
    }

    private OtherProcess holding(Path... dirs) {
        OtherProcess other = OtherProcess.holding(dirs);
        toClose.add(other);
        return other;
    }

    @Test
    void aFreeDirectoryIsClaimedAndItsLockFileNamesThisProcess() throws IOException {
        DirectoryLock lock = held(DirectoryLock.claim(dir, ME));

        assertEquals(dir.resolve(DirectoryLock.FILE), lock.file());
        InstanceInfo written = InstanceInfo.parse(OtherProcess.read(lock.file()));
        assertNotNull(written);
        assertEquals(ProcessHandle.current().pid(), written.pid());
        assertEquals(InstanceInfo.localHost(), written.host());
    }

    @Test
    void aDirectoryAnotherLiveProcessLocksIsTakenByThatProcess() throws IOException {
        OtherProcess other = holding(dir);

        DirectoryLock.Taken taken = assertInstanceOf(DirectoryLock.Taken.class, DirectoryLock.claim(dir, ME));

        assertEquals(dir.resolve(DirectoryLock.FILE), taken.file());
        assertEquals(other.pid(), taken.holder().pid());
    }

    @Test
    void findingTheLockTakenLeavesTheHoldersFileAsItWas() throws IOException {
        holding(dir);
        Path file = dir.resolve(DirectoryLock.FILE);
        FileTime anHourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        Files.setLastModifiedTime(file, anHourAgo);
        byte[] before = Files.readAllBytes(file);

        assertInstanceOf(DirectoryLock.Taken.class, DirectoryLock.claim(dir, ME));

        assertArrayEquals(before, Files.readAllBytes(file), "content");
        assertEquals(anHourAgo, Files.getLastModifiedTime(file), "last modified");
    }

    @Test
    void aDirectoryIsClaimedOnceItsHolderWasKilled() throws IOException {
        OtherProcess other = holding(dir);
        other.kill();
        assertTrue(Files.readString(dir.resolve(DirectoryLock.FILE), StandardCharsets.UTF_8).contains("pid=" + other.pid()),
                "the dead holder's file is still there");

        held(DirectoryLock.claim(dir, ME));
    }

    @Test
    void aLockFileNamingADeadProcessThatNobodyLocksIsClaimed() throws IOException {
        InstanceInfo dead = new InstanceInfo(999_999_999L, ME.host(), Instant.EPOCH, "", "", "standalone.xml", 0, List.of(8080));
        Files.writeString(dir.resolve(DirectoryLock.FILE), dead.format());

        DirectoryLock lock = held(DirectoryLock.claim(dir, ME));

        assertEquals(ME.pid(), InstanceInfo.parse(OtherProcess.read(lock.file())).pid());
    }

    @Test
    void aMissingDirectoryCannotBeClaimed() {
        IOException e = assertThrows(IOException.class, () -> DirectoryLock.claim(dir.resolve("missing"), ME));
        assertEquals("it does not exist", e.getMessage());
    }

    @Test
    void aPathUnderARegularFileCannotBeClaimed() throws IOException {
        Files.writeString(dir.resolve("file.txt"), "x");
        assertThrows(IOException.class, () -> DirectoryLock.claim(dir.resolve("file.txt").resolve("sub"), ME));
    }

    @Test
    void aRegularFileCannotBeClaimedAsADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        IOException e = assertThrows(IOException.class, () -> DirectoryLock.claim(file, ME));
        assertEquals("it is not a directory", e.getMessage());
    }

    @Test
    void unusableSaysWhatIsWrongWithTheDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertNull(DirectoryLock.unusable(dir));
        assertEquals("it does not exist", DirectoryLock.unusable(dir.resolve("missing")));
        assertEquals("it is not a directory", DirectoryLock.unusable(file));
        assertEquals("it is not an absolute path", DirectoryLock.unusable(Path.of("standalone/data")));
    }

    @Test
    void aHeldLockIsNotLost() throws IOException {
        DirectoryLock lock = held(DirectoryLock.claim(dir, ME));
        assertNull(lock.lost());
    }

    @Test
    void aDeletedLockFileIsLost() throws IOException {
        DirectoryLock lock = held(DirectoryLock.claim(dir, ME));
        Files.delete(lock.file());

        assertEquals("deleted", lock.lost());
    }

    @Test
    void aLockFileDeletedAndCreatedAgainIsLost() throws IOException {
        DirectoryLock lock = held(DirectoryLock.claim(dir, ME));
        Files.delete(lock.file());
        Files.writeString(lock.file(), "pid=" + ME.pid() + "\n");

        assertEquals("replaced by another file", lock.lost());
    }

    @Test
    void closeReleasesTheLockForAnotherProcess() throws IOException {
        DirectoryLock lock = held(DirectoryLock.claim(dir, ME));
        assertFalse(OtherProcess.canClaim(dir), "held by this process");

        lock.close();

        assertTrue(OtherProcess.canClaim(dir));
    }

    @Test
    void claimingALockThisProcessHoldsAgainFailsAndKeepsTheLock() throws IOException {
        held(DirectoryLock.claim(dir, ME));

        assertThrows(IOException.class, () -> DirectoryLock.claim(dir, ME));

        assertFalse(OtherProcess.canClaim(dir), "still held by this process");
    }

    @Test
    void theLockFileIsOwnerOnly() throws IOException {
        DirectoryLock lock = held(DirectoryLock.claim(dir, ME));

        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(lock.file())));
    }

    @Test
    void aLockFileLeftReadableByOthersIsMadeOwnerOnlyWhenClaimed() throws IOException {
        Path file = Files.writeString(dir.resolve(DirectoryLock.FILE), "");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        held(DirectoryLock.claim(dir, ME));

        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
