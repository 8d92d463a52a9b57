package dev.vigil.dump;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.dump.HeapDumpException.Reason;

/**
 * The dumper's rules: real dumps of this JVM (name, HPROF content, owner-only, metadata, gzip, nothing half-written
 * left), and, with a fake writer, one at a time, the cooldown for triggered dumps, max-dumps, the disk check and the
 * directory checks.
 */
class HeapDumperTest {

    private static final String SERVER = "vigil-test";
    private static final long PID = ProcessHandle.current().pid();
    private static final byte[] HPROF_HEADER = "JAVA PROFILE 1.0.2".getBytes(US_ASCII);
    private static final long MB = 1024L * 1024;
    /** 2024-03-05 14:07:09 where the test runs: file names carry the local time. */
    private static final Instant REQUEST_TIME = LocalDateTime.of(2024, 3, 5, 14, 7, 9).atZone(ZoneId.systemDefault()).toInstant();

    @TempDir
    Path temp;

    private final Listener listener = new Listener();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-05T12:00:00Z"));
    private final AtomicLong usableSpace = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong heapUsed = new AtomicLong(10 * MB);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "the dumping threads ended");
    }

    // ---- helpers ----

    static HeapDumpSettings settings(Path directory, int maxDumps, Duration cooldown, long minFreeSpace) {
        return new HeapDumpSettings(directory, true, false, maxDumps, cooldown, Duration.ZERO, minFreeSpace, false);
    }

    private HeapDumpSettings settings() {
        return settings(temp.resolve("dumps"), 10, Duration.ofMinutes(30), 0);
    }

    /** Writes the HPROF header: a stand-in for the JVM, for the rules that do not need a real dump. */
    private static void fakeDump(Path file, boolean live) throws IOException {
        Files.write(file, HPROF_HEADER);
    }

    private HeapDumper fakeDumper(HeapDumpSettings settings) {
        return fakeDumper(settings, HeapDumperTest::fakeDump);
    }

    private HeapDumper fakeDumper(HeapDumpSettings settings, HeapDumper.HeapWriter writer) {
        return new HeapDumper(SERVER, settings, listener, ModelNode::new, writer, heapUsed::get, path -> usableSpace.get(), clock, clock::nanoTime);
    }

    private static DumpRequest manual(Instant time) {
        return DumpRequest.manual("test", time);
    }

    private static DumpRequest triggered(Instant time) {
        return new DumpRequest("heap-critical", "watermark heap", true, time, new ModelNode());
    }

    private static List<String> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> dumps(Path directory) throws IOException {
        return DumpDirectory.names(new DumpDirectory(directory, SERVER).dumps());
    }

    private static byte[] head(InputStream in) throws IOException {
        return in.readNBytes(HPROF_HEADER.length);
    }

    static final class Listener implements HeapDumper.Listener {
        final List<HeapDump> written = new CopyOnWriteArrayList<>();
        final List<String> failed = new CopyOnWriteArrayList<>();

        @Override
        public void written(HeapDump dump) {
            written.add(dump);
        }

        @Override
        public void failed(DumpRequest request, Reason reason, String message) {
            failed.add(message);
        }
    }

    /** A wall clock and a monotonic one: time passing moves both; a wall clock stepped back moves only the wall. */
    static final class MutableClock extends Clock {
        private volatile Instant now;
        private volatile long nanos = 1_000_000_000L;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
            nanos += duration.toNanos();
        }

        /** NTP or an operator sets the wall clock back; monotonic time does not move. */
        void stepWallBack(Duration duration) {
            now = now.minus(duration);
        }

        long nanoTime() {
            return nanos;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    // ---- a real dump of this JVM ----

    /** One real, uncompressed dump of this JVM into a directory that did not exist, shared by the tests that read it. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RealDump {

        Path directory;
        HeapDump dump;

        @BeforeAll
        void dumpThisJvm(@TempDir Path realTemp) throws Exception {
            directory = realTemp.resolve("missing").resolve("dumps");
            HeapDumper dumper = new HeapDumper(SERVER, settings(directory, 3, Duration.ofMinutes(30), 0), listener, ModelNode::new);
            dump = dumper.dump(manual(REQUEST_TIME), true, false, null);
        }

        @Test
        void isNamedForServerPidTimeAndTrigger() {
            String expected = SERVER + "-" + PID + "-20240305-140709-manual.hprof";
            assertEquals(expected, dump.file());
            assertTrue(Files.isRegularFile(directory.resolve(expected)), expected + " is in the directory");
        }

        @Test
        void beginsWithTheHprofHeader() throws IOException {
            try (InputStream in = Files.newInputStream(directory.resolve(dump.file()))) {
                assertArrayEquals(HPROF_HEADER, head(in));
            }
        }

        @Test
        void isOwnerOnly() throws IOException {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(directory.resolve(dump.file())));
        }

        @Test
        void createsTheMissingDirectoryOwnerOnly() throws IOException {
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(directory));
        }

        @Test
        void writesJsonMetadataBesideIt() throws IOException {
            Path metadata = directory.resolve(DumpDirectory.base(dump.file()) + DumpDirectory.METADATA);
            ModelNode node = ModelNode.fromJSONString(Files.readString(metadata));
            assertEquals("manual", node.get("trigger").asString());
            assertEquals(dump.file(), node.get("file").asString());
            assertEquals(PID, node.get("server", "pid").asLong());
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(metadata));
        }

        @Test
        void leavesNoHiddenFileBehind() throws IOException {
            assertEquals(List.of(dump.file(), DumpDirectory.base(dump.file()) + DumpDirectory.METADATA), files(directory));
        }
    }

    /** One real, compressed dump of this JVM. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CompressedRealDump {

        Path directory;
        HeapDump dump;

        @BeforeAll
        void dumpThisJvmCompressed(@TempDir Path directory) throws Exception {
            this.directory = directory;
            HeapDumper dumper = new HeapDumper(SERVER, settings(directory, 3, Duration.ofMinutes(30), 0), listener, ModelNode::new);
            dump = dumper.dump(manual(REQUEST_TIME), true, true, null);
        }

        @Test
        void isAGzipOfTheHprof() throws IOException {
            assertEquals(SERVER + "-" + PID + "-20240305-140709-manual.hprof.gz", dump.file());
            assertTrue(dump.compressed());
            try (InputStream in = new GZIPInputStream(Files.newInputStream(directory.resolve(dump.file())))) {
                assertArrayEquals(HPROF_HEADER, head(in));
                in.transferTo(java.io.OutputStream.nullOutputStream()); // whole, to its CRC
            }
        }

        @Test
        void leavesNoRawOrHiddenFileBehind() throws IOException {
            assertEquals(List.of(DumpDirectory.base(dump.file()) + DumpDirectory.GZIP, DumpDirectory.base(dump.file()) + DumpDirectory.METADATA),
                    files(directory));
        }
    }

    /** The follower cannot start, or fails: the dump is gzipped in process, complete, and the failure logged once. */
    @Nested
    class FollowerFails {

        @Test
        void aFollowerThatCannotStartStillGivesTheDumpAndLogsOnce(@TempDir Path directory) throws Exception {
            assertFallsBack(directory, (raw, gzip) -> List.of(directory.resolve("no-such-java").toString()));
        }

        @Test
        void aFollowerThatExitsNonZeroStillGivesTheDumpAndLogsOnce(@TempDir Path directory) throws Exception {
            assertFallsBack(directory, (raw, gzip) -> List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    directory.toString(), "NoSuchMainClass"));
        }

        private void assertFallsBack(Path directory, HeapDumper.FollowerCommand command) throws Exception {
            HeapDumper dumper = new HeapDumper(SERVER, settings(directory, 3, Duration.ofMinutes(30), 0), listener, ModelNode::new);
            dumper.followerCommand(command);
            List<String> logged = new CopyOnWriteArrayList<>();
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger("dev.vigil");
            java.util.logging.Handler handler = new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord record) {
                    String message = record.getParameters() == null ? record.getMessage()
                            : java.text.MessageFormat.format(record.getMessage(), record.getParameters());
                    if (message.contains("VIGIL0236")) {
                        logged.add(message);
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            logger.addHandler(handler);
            HeapDump dump;
            try {
                dump = dumper.dump(manual(REQUEST_TIME), true, true, null);
            } finally {
                logger.removeHandler(handler);
            }
            try (InputStream in = new GZIPInputStream(Files.newInputStream(directory.resolve(dump.file())))) {
                assertArrayEquals(HPROF_HEADER, head(in));
                in.transferTo(java.io.OutputStream.nullOutputStream()); // whole, to its CRC
            }
            assertEquals(List.of(DumpDirectory.base(dump.file()) + DumpDirectory.GZIP, DumpDirectory.base(dump.file()) + DumpDirectory.METADATA),
                    files(directory));
            assertEquals(1, logged.size(), "logged once: " + logged);
        }
    }

    // ---- one at a time ----

    /** A dump started on another thread whose writer has written a few bytes and waits for {@link #release}. */
    private final class BlockedDump implements AutoCloseable {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile Path file;
        final HeapDumper dumper = fakeDumper(settings(), (file, live) -> {
            fakeDump(file, live);
            this.file = file;
            writing.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the writer");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        });
        final Future<HeapDump> first;

        BlockedDump() throws InterruptedException {
            first = executor.submit(() -> dumper.dump(new DumpRequest("manual", "first-caller", false, REQUEST_TIME, new ModelNode()), true,
                    false, null));
            assertTrue(writing.await(10, TimeUnit.SECONDS), "the first dump is being written");
        }

        HeapDump finish() throws Exception {
            release.countDown();
            return first.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    @Test
    void aSecondDumpWhileOneIsWrittenIsRefusedAsBusyNamingTheFirst() throws Exception {
        try (BlockedDump blocked = new BlockedDump()) {
            HeapDumpException refused = assertThrows(HeapDumpException.class,
                    () -> blocked.dumper.dump(manual(REQUEST_TIME.plusSeconds(1)), true, false, null));
            assertEquals(Reason.BUSY, refused.reason());
            assertTrue(refused.getMessage().contains("first-caller"), refused.getMessage());
            assertTrue(refused.getMessage().contains(SERVER + "-" + PID + "-20240305-140709-manual.hprof"), refused.getMessage());
        }
    }

    @Test
    void theDumpBeingWrittenIsShownInProgress() throws Exception {
        try (BlockedDump blocked = new BlockedDump()) {
            HeapDumper.InProgress inProgress = blocked.dumper.inProgress();
            assertNotNull(inProgress);
            assertEquals("first-caller", inProgress.requestedBy());
            assertEquals(SERVER + "-" + PID + "-20240305-140709-manual.hprof", inProgress.file());
            assertEquals(clock.instant(), inProgress.since());
            blocked.finish();
            assertNull(blocked.dumper.inProgress(), "nothing in progress once written");
        }
    }

    @Test
    void aDumpRefusedAsBusyLeavesOnlyTheFirstDump() throws Exception {
        try (BlockedDump blocked = new BlockedDump()) {
            assertThrows(HeapDumpException.class, () -> blocked.dumper.dump(manual(REQUEST_TIME.plusSeconds(1)), true, false, null));
            HeapDump first = blocked.finish();
            assertEquals(List.of(first.file()), dumps(blocked.dumper.directory().path()));
            assertEquals(1, blocked.dumper.dumpsTaken());
            assertTrue(listener.failed.isEmpty(), "a busy refusal is not a failure: " + listener.failed);
        }
    }

    @Test
    void aDumpBeingWrittenIsHiddenAndNotListed() throws Exception {
        try (BlockedDump blocked = new BlockedDump()) {
            assertTrue(blocked.file.getFileName().toString().startsWith("."), blocked.file.toString());
            assertTrue(Files.exists(blocked.file));
            assertEquals(List.of(), dumps(blocked.dumper.directory().path()));
        }
    }

    // ---- cooldown ----

    @Test
    void aTriggeredDumpWithinTheCooldownIsRefused() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.dump(triggered(REQUEST_TIME), true, false, null);
        clock.advance(Duration.ofMinutes(29));

        HeapDumpException refused = assertThrows(HeapDumpException.class,
                () -> dumper.dump(triggered(REQUEST_TIME.plusSeconds(29 * 60)), true, false, null));
        assertEquals(Reason.COOLDOWN, refused.reason());
        assertEquals(1, dumps(dumper.directory().path()).size());
    }

    @Test
    void aManualDumpWithinTheCooldownIsWritten() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.dump(triggered(REQUEST_TIME), true, false, null);
        clock.advance(Duration.ofMinutes(1));

        HeapDump manual = dumper.dump(manual(REQUEST_TIME.plusSeconds(60)), true, false, null);
        assertTrue(dumps(dumper.directory().path()).contains(manual.file()));
        assertEquals(2, dumper.dumpsTaken());
    }

    @Test
    void aTriggeredDumpAfterTheCooldownIsWritten() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.dump(triggered(REQUEST_TIME), true, false, null);
        clock.advance(Duration.ofMinutes(30));

        HeapDump second = dumper.dump(triggered(REQUEST_TIME.plusSeconds(30 * 60)), true, false, null);
        assertTrue(dumps(dumper.directory().path()).contains(second.file()));
        assertEquals(2, dumper.dumpsTaken());
    }

    @Test
    void aDumpIsOwnerOnlyWhateverPermissionsTheWriterGaveIt() throws Exception {
        HeapDumper dumper = fakeDumper(settings(), (file, live) -> {
            fakeDump(file, live);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        });

        HeapDump dump = dumper.dump(manual(REQUEST_TIME), true, false, null);

        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(dumper.directory().path().resolve(dump.file())));
    }

    /** Holds one thread on its first reading of the time until told to go on: the moment between two steps of a dump. */
    static final class PausingClock extends Clock {
        private final Instant now;
        private volatile Thread pausing;
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);

        PausingClock(Instant now) {
            this.now = now;
        }

        /** The calling thread pauses at its next reading of the time. */
        void pauseHere() {
            pausing = Thread.currentThread();
        }

        @Override
        public Instant instant() {
            if (pausing == Thread.currentThread()) {
                pausing = null;
                paused.countDown();
                try {
                    if (!resume.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never resumed the clock");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aTriggeredDumpThatClaimsTheDumperAsAnotherEndsIsHeldBackByTheCooldown() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        PausingClock pausingClock = new PausingClock(clock.instant());
        HeapDumper dumper = new HeapDumper(SERVER, settings(), listener, ModelNode::new, (file, live) -> {
            fakeDump(file, live);
            firstWriting.countDown();
            try {
                if (!releaseFirst.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the writer");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }, heapUsed::get, path -> usableSpace.get(), pausingClock, System::nanoTime);
        try {
            Future<HeapDump> first = executor.submit(() -> dumper.dump(triggered(REQUEST_TIME), true, false, null));
            assertTrue(firstWriting.await(10, TimeUnit.SECONDS), "the first triggered dump is being written");
            // The second starts while the first is written, and pauses before it claims the dumper...
            Future<HeapDump> second = executor.submit(() -> {
                pausingClock.pauseHere();
                return dumper.dump(triggered(REQUEST_TIME.plusSeconds(1)), true, false, null);
            });
            assertTrue(pausingClock.paused.await(10, TimeUnit.SECONDS), "the second triggered dump has begun");
            // ...until the first is done: then the cooldown has begun, and holds the second back.
            releaseFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
            pausingClock.resume.countDown();

            ExecutionException refused = assertThrows(ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
            assertEquals(Reason.COOLDOWN, ((HeapDumpException) refused.getCause()).reason(), String.valueOf(refused.getCause()));
            assertEquals(1, dumps(dumper.directory().path()).size());
        } finally {
            releaseFirst.countDown();
            pausingClock.resume.countDown();
        }
    }

    // ---- max-dumps ----

    /** Three dumps with max-dumps=2; the first two are dated back explicitly so the order does not depend on timing. */
    private List<HeapDump> threeDumpsKeepingTwo() throws Exception {
        HeapDumper dumper = fakeDumper(settings(temp.resolve("dumps"), 2, Duration.ofMinutes(30), 0));
        Path directory = dumper.directory().path();
        Instant now = Instant.now();
        HeapDump oldest = dumper.dump(manual(REQUEST_TIME), true, false, null);
        Files.setLastModifiedTime(directory.resolve(oldest.file()), FileTime.from(now.minus(Duration.ofHours(2))));
        HeapDump middle = dumper.dump(manual(REQUEST_TIME.plusSeconds(1)), true, false, null);
        Files.setLastModifiedTime(directory.resolve(middle.file()), FileTime.from(now.minus(Duration.ofHours(1))));
        HeapDump newest = dumper.dump(manual(REQUEST_TIME.plusSeconds(2)), true, false, null);
        return List.of(oldest, middle, newest);
    }

    @Test
    void onlyTheNewestMaxDumpsRemain() throws Exception {
        List<HeapDump> written = threeDumpsKeepingTwo();
        assertEquals(List.of(written.get(1).file(), written.get(2).file()), dumps(temp.resolve("dumps")));
    }

    @Test
    void theOldestDumpsMetadataIsDeletedWithIt() throws Exception {
        List<HeapDump> written = threeDumpsKeepingTwo();
        Path directory = temp.resolve("dumps");
        assertFalse(Files.exists(directory.resolve(DumpDirectory.base(written.get(0).file()) + DumpDirectory.METADATA)));
        assertTrue(Files.exists(directory.resolve(DumpDirectory.base(written.get(1).file()) + DumpDirectory.METADATA)));
        assertTrue(Files.exists(directory.resolve(DumpDirectory.base(written.get(2).file()) + DumpDirectory.METADATA)));
    }

    @Test
    void twoDumpsForTheSameSecondGetTwoFilesAndNeitherIsOverwritten() throws Exception {
        HeapDumper dumper = fakeDumper(settings(temp.resolve("dumps"), 10, Duration.ZERO, 0));

        HeapDump first = dumper.dump(manual(REQUEST_TIME), true, false, null);
        HeapDump second = dumper.dump(manual(REQUEST_TIME), true, false, null);

        assertEquals(SERVER + "-" + PID + "-20240305-140709-manual-2.hprof", second.file());
        assertEquals(List.of(first.file(), second.file()).stream().sorted().collect(java.util.stream.Collectors.toList()),
                dumps(temp.resolve("dumps")).stream().sorted().collect(java.util.stream.Collectors.toList()));
    }

    // ---- disk ----

    /** 100 MB usable, 80 MB of heap, min-free-space 50 MB: the dump would leave 20 MB. */
    private HeapDumpException refusedForDisk(HeapDumper dumper) {
        usableSpace.set(100 * MB);
        heapUsed.set(80 * MB);
        return assertThrows(HeapDumpException.class, () -> dumper.dump(manual(REQUEST_TIME), true, false, null));
    }

    private HeapDumper diskDumper() {
        return fakeDumper(settings(temp.resolve("dumps"), 3, Duration.ofMinutes(30), 50 * MB));
    }

    @Test
    void aDumpThatWouldLeaveLessThanMinFreeSpaceIsRefusedNamingTheDirectoryAndMinFreeSpace() {
        HeapDumper dumper = diskDumper();
        HeapDumpException refused = refusedForDisk(dumper);
        assertEquals(Reason.DISK, refused.reason());
        assertTrue(refused.getMessage().contains(dumper.directory().path().toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("min-free-space=" + 50 * MB), refused.getMessage());
    }

    @Test
    void aDumpRefusedForDiskWritesNothing() throws IOException {
        HeapDumper dumper = diskDumper();
        refusedForDisk(dumper);
        assertEquals(List.of(), files(dumper.directory().path()));
        assertEquals(0, dumper.dumpsTaken());
    }

    @Test
    void aDumpRefusedForDiskIsReportedToTheListenerOnce() {
        HeapDumpException refused = refusedForDisk(diskDumper());
        assertEquals(List.of(refused.getMessage()), listener.failed);
        assertTrue(listener.written.isEmpty());
    }

    @Test
    void aRawDumpNeedsRoomForOneAndAQuarterTimesTheHeapPlusMinFreeSpace() throws Exception {
        HeapDumper dumper = diskDumper();
        heapUsed.set(80 * MB);
        usableSpace.set(100 * MB + 50 * MB - 1);
        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> dumper.dump(manual(REQUEST_TIME), true, false, null));
        assertEquals(Reason.DISK, refused.reason());

        usableSpace.set(100 * MB + 50 * MB);
        HeapDump written = dumper.dump(manual(REQUEST_TIME), true, false, null);
        assertTrue(written.file().endsWith(DumpDirectory.RAW), written.file());
    }

    @Test
    void aCompressedDumpNeedsRoomForOneAndThreeQuarterTimesTheHeapPlusMinFreeSpace() throws Exception {
        HeapDumper dumper = diskDumper();
        heapUsed.set(80 * MB);
        usableSpace.set(140 * MB + 50 * MB - 1);
        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> dumper.dump(manual(REQUEST_TIME), true, true, null));
        assertEquals(Reason.DISK, refused.reason());

        usableSpace.set(140 * MB + 50 * MB);
        HeapDump written = dumper.dump(manual(REQUEST_TIME), true, true, null);
        assertTrue(written.file().endsWith(DumpDirectory.GZIP), written.file());
    }

    // ---- cooldown per action, min-interval, the monotonic clock ----

    private HeapDumpSettings settingsWithMinInterval(Duration minInterval) {
        return new HeapDumpSettings(temp.resolve("dumps"), true, false, 10, Duration.ofMinutes(30), minInterval, 0, false);
    }

    @Test
    void aTriggeredActionWithinItsCooldownIsRefusedSayingWhenItMayRunAgain() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.admit("histogram", triggered(REQUEST_TIME));
        clock.advance(Duration.ofMinutes(10));

        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> dumper.admit("histogram", triggered(REQUEST_TIME)));
        assertEquals(Reason.COOLDOWN, refused.reason());
        assertTrue(refused.getMessage().contains("cooldown=1800 s"), refused.getMessage());
        assertTrue(refused.getMessage().contains("until " + clock.instant().plus(Duration.ofMinutes(20)) + " (in 1200 s)"), refused.getMessage());
    }

    @Test
    void eachTriggeredActionHasACooldownOfItsOwn() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.admit("histogram", triggered(REQUEST_TIME));

        dumper.admit("thread-census", triggered(REQUEST_TIME));
        HeapDump dump = dumper.dump(triggered(REQUEST_TIME), true, false, null);
        assertTrue(dumps(dumper.directory().path()).contains(dump.file()), "dump-heap is not held back by the histogram's cooldown");
    }

    @Test
    void aTriggeredActionAfterItsCooldownRuns() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.admit("histogram", triggered(REQUEST_TIME));
        clock.advance(Duration.ofMinutes(30));

        dumper.admit("histogram", triggered(REQUEST_TIME));
    }

    @Test
    void aWallClockSteppedBackDoesNotExtendTheCooldown() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.dump(triggered(REQUEST_TIME), true, false, null);
        dumper.admit("histogram", triggered(REQUEST_TIME));
        clock.stepWallBack(Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(30));

        HeapDump second = dumper.dump(triggered(REQUEST_TIME.plusSeconds(1)), true, false, null);
        assertTrue(dumps(dumper.directory().path()).contains(second.file()));
        dumper.admit("histogram", triggered(REQUEST_TIME));
    }

    @Test
    void aWallClockSteppedBackDuringADumpGivesItsTrueDuration() throws Exception {
        HeapDumper dumper = fakeDumper(settings(), (file, live) -> {
            fakeDump(file, live);
            clock.stepWallBack(Duration.ofHours(1));
            clock.advance(Duration.ofMillis(250));
        });

        assertEquals(250, dumper.dump(manual(REQUEST_TIME), true, false, null).durationMillis());
    }

    @Test
    void aManualDumpWithinMinIntervalOfTheLastManualDumpsEndIsRefusedNamingWhenTheNextIsAllowed() throws Exception {
        HeapDumper dumper = fakeDumper(settingsWithMinInterval(Duration.ofSeconds(10)));
        dumper.dump(manual(REQUEST_TIME), true, false, null);
        clock.advance(Duration.ofSeconds(4));

        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> dumper.dump(manual(REQUEST_TIME.plusSeconds(4)), true, false, null));
        assertEquals(Reason.INTERVAL, refused.reason());
        assertTrue(refused.getMessage().contains("min-interval=10 s"), refused.getMessage());
        assertTrue(refused.getMessage().contains("allowed at " + clock.instant().plusSeconds(6) + " (in 6 s)"), refused.getMessage());
        assertEquals(1, dumps(dumper.directory().path()).size());
        assertEquals(List.of(), listener.failed, "a refusal for min-interval is not a failure");
    }

    @Test
    void aManualDumpAfterMinIntervalIsWritten() throws Exception {
        HeapDumper dumper = fakeDumper(settingsWithMinInterval(Duration.ofSeconds(10)));
        dumper.dump(manual(REQUEST_TIME), true, false, null);
        clock.advance(Duration.ofSeconds(10));

        dumper.dump(manual(REQUEST_TIME.plusSeconds(10)), true, false, null);
        assertEquals(2, dumper.dumpsTaken());
    }

    @Test
    void minIntervalCountsFromTheManualDumpsEnd() throws Exception {
        HeapDumper dumper = fakeDumper(settingsWithMinInterval(Duration.ofSeconds(10)), (file, live) -> {
            fakeDump(file, live);
            clock.advance(Duration.ofSeconds(30)); // a long dump
        });
        dumper.dump(manual(REQUEST_TIME), true, false, null);
        clock.advance(Duration.ofSeconds(5));

        assertEquals(Reason.INTERVAL, assertThrows(HeapDumpException.class,
                () -> dumper.dump(manual(REQUEST_TIME.plusSeconds(35)), true, false, null)).reason());
    }

    @Test
    void aTriggeredDumpIsNotHeldBackByMinInterval() throws Exception {
        HeapDumper dumper = fakeDumper(settingsWithMinInterval(Duration.ofSeconds(10)));
        dumper.dump(manual(REQUEST_TIME), true, false, null);

        dumper.dump(triggered(REQUEST_TIME), true, false, null);
        assertEquals(2, dumper.dumpsTaken());
    }

    @Test
    void refuseManualRefusesWithinMinIntervalAndClaimsNothing() throws Exception {
        HeapDumper dumper = fakeDumper(settingsWithMinInterval(Duration.ofSeconds(10)));
        dumper.dump(manual(REQUEST_TIME), true, false, null);

        assertEquals(Reason.INTERVAL, assertThrows(HeapDumpException.class, () -> dumper.refuseManual(manual(REQUEST_TIME), false)).reason());
        assertNull(dumper.inProgress());
    }

    @Test
    void refuseManualRefusesForDiskAndReportsItToTheListenerOnce() {
        HeapDumper dumper = diskDumper();
        usableSpace.set(100 * MB);
        heapUsed.set(80 * MB);

        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> dumper.refuseManual(manual(REQUEST_TIME), false));
        assertEquals(Reason.DISK, refused.reason());
        assertEquals(List.of(refused.getMessage()), listener.failed);
    }

    @Test
    void refuseManualLetsAPossibleDumpThrough() throws Exception {
        fakeDumper(settingsWithMinInterval(Duration.ofSeconds(10))).refuseManual(manual(REQUEST_TIME), false);
        assertEquals(List.of(), listener.failed);
    }

    // ---- errors while writing ----

    @Test
    void anErrorWhileWritingLeavesNoFileBehindAndFreesTheDumper() throws Exception {
        HeapDumper dumper = fakeDumper(settings(), (file, live) -> {
            fakeDump(file, live);
            throw new OutOfMemoryError("Java heap space (thrown by the test)");
        });

        assertThrows(OutOfMemoryError.class, () -> dumper.dump(manual(REQUEST_TIME), true, true, null));
        assertEquals(List.of(), files(dumper.directory().path()));
        assertNull(dumper.inProgress(), "the dumper is free again");
    }

    @Test
    void aFailedDumpKeepsTheHistogramItsCauseWroteBeforeIt() throws Exception {
        HeapDumper dumper = fakeDumper(settings(), (file, live) -> {
            throw new IOException("disk gone (thrown by the test)");
        });
        ClassHistogram histogram = ClassHistogram.parse("   1:   10   160  [B (java.base)\nTotal   10   160\n", REQUEST_TIME, true);
        String written = dumper.writeHistogram(triggered(REQUEST_TIME), histogram);

        assertThrows(HeapDumpException.class, () -> dumper.dump(triggered(REQUEST_TIME), true, false, histogram));
        assertEquals(List.of(written), files(dumper.directory().path()));
    }

    // ---- the JVM's own dump on OutOfMemoryError ----

    @Test
    void theJvmsOwnDumpIsNamedForThisJvmRun() {
        HeapDumper dumper = fakeDumper(settings());
        Instant jvmStart = Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        String expected = SERVER + "-" + PID + "-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .format(jvmStart.atZone(ZoneId.systemDefault())) + "-out-of-memory";

        assertEquals(dumper.directory().path().resolve(expected + ".hprof"), dumper.outOfMemoryFile(false));
        assertEquals(dumper.directory().path().resolve(expected + ".hprof.gz"), dumper.outOfMemoryFile(true));
    }

    @Test
    void theJvmsOwnDumpIsListedAsOutOfMemoryAndCountsAsThisServers() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.directory().prepare();
        Path oome = Files.write(dumper.outOfMemoryFile(false), HPROF_HEADER);

        DumpFile listed = dumper.directory().list().get(0);
        assertEquals(oome.getFileName().toString(), listed.name());
        assertEquals("out-of-memory", listed.trigger());
        assertTrue(dumper.directory().own(listed.name()));
    }

    // ---- directory ----

    @Test
    void aDirectoryUnderARegularFileIsRefusedAsDirectory() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        Path directory = file.resolve("dumps");
        HeapDumper dumper = fakeDumper(settings(directory, 3, Duration.ofMinutes(30), 0));

        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> dumper.dump(manual(REQUEST_TIME), true, false, null));
        assertEquals(Reason.DIRECTORY, refused.reason());
        assertTrue(refused.getMessage().contains(directory + " could not be created"), refused.getMessage());
        assertEquals("not a directory", Files.readString(file), "the file is left as it was");
    }

    @Test
    void aDirectoryPathThatIsARegularFileIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        HeapDumper dumper = fakeDumper(settings(file, 3, Duration.ofMinutes(30), 0));

        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> dumper.dump(manual(REQUEST_TIME), true, false, null));
        assertEquals(Reason.DIRECTORY, refused.reason());
        assertTrue(refused.getMessage().contains(file + " exists and is not a directory"), refused.getMessage());
        assertEquals("not a directory", Files.readString(file), "the file is left as it was");
    }

    // ---- links and shared directories ----

    /** A file outside the dump directory that a local user would like the server to overwrite. */
    private Path victim() throws IOException {
        Path victim = Files.writeString(temp.resolve("standalone.xml"), "<server/>");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        return victim;
    }

    @FunctionalInterface
    private interface CompanionWrite {
        String write(HeapDumper dumper) throws HeapDumpException;
    }

    /**
     * Plants a link to a victim file at the name the next triggered companion with that suffix takes, writes it, and
     * checks the victim kept its content and mode while the companion took the link's place, owner-only.
     */
    private void assertALinkAtTheNameIsReplacedNotFollowed(String suffix, CompanionWrite write, String content) throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.directory().prepare();
        Path victim = victim();
        Path link = Files.createSymbolicLink(dumper.directory().path().resolve(SERVER + "-" + PID + "-20240305-140709-heap-critical" + suffix), victim);

        assertEquals(link.getFileName().toString(), write.write(dumper));

        assertEquals("<server/>", Files.readString(victim));
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(victim));
        assertFalse(Files.isSymbolicLink(link), "the link is replaced");
        assertTrue(Files.readString(link).startsWith(content), Files.readString(link));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(link));
    }

    @Test
    void aLinkPlantedAtTheNextHistogramsNameIsReplacedNotFollowed() throws Exception {
        ClassHistogram histogram = ClassHistogram.parse("   1:   10   160  [B (java.base)\nTotal   10   160\n", REQUEST_TIME, true);
        assertALinkAtTheNameIsReplacedNotFollowed(DumpDirectory.HISTOGRAM, dumper -> dumper.writeHistogram(triggered(REQUEST_TIME), histogram),
                "Class histogram");
    }

    @Test
    void aLinkPlantedAtTheNextThreadCensussNameIsReplacedNotFollowed() throws Exception {
        assertALinkAtTheNameIsReplacedNotFollowed(DumpDirectory.THREADS,
                dumper -> dumper.writeCompanion(triggered(REQUEST_TIME), DumpDirectory.THREADS, "census"), "census");
    }

    @Test
    void aDumpIntoAGroupWritableDirectoryIsRefusedAndWritesNothing() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.directory().prepare();
        Files.setPosixFilePermissions(dumper.directory().path(), PosixFilePermissions.fromString("rwxrwx---"));

        HeapDumpException e = assertThrows(HeapDumpException.class, () -> dumper.dump(manual(REQUEST_TIME), true, false, null));

        assertEquals(Reason.DIRECTORY, e.reason());
        assertTrue(e.getMessage().startsWith("VIGIL0270"), e.getMessage());
        assertEquals(List.of(), files(dumper.directory().path()));
    }

    @Test
    void theNoteNamesTheIdentityThatAskedForTheDump() throws Exception {
        HeapDumper dumper = fakeDumper(settings());

        HeapDump dump = dumper.dump(DumpRequest.manual(new Caller("alice", "HTTP", "127.0.0.1"), "the management operation dump-heap", REQUEST_TIME),
                true, false, null);

        ModelNode note = ModelNode.fromJSONString(Files.readString(dumper.directory().path().resolve(DumpDirectory.base(dump.file()) + DumpDirectory.METADATA)));
        assertEquals("the management operation dump-heap by alice (HTTP from 127.0.0.1)", note.get("requested-by").asString());
        assertEquals("alice", note.get("identity", "name").asString());
        assertEquals("HTTP", note.get("identity", "access").asString());
        assertEquals("127.0.0.1", note.get("identity", "address").asString());
    }

    // ---- names ----

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "..x", ".hidden", "a..b", "." })
    void aDumpForAWatermarkWithADottedNameIsListedAndDeletable(String watermark) throws Exception {
        HeapDumper dumper = fakeDumper(settings());

        HeapDump dump = dumper.dump(new DumpRequest(watermark + "-critical", "watermark '" + watermark + "'", true, REQUEST_TIME, new ModelNode()),
                true, false, null);

        assertEquals(List.of(dump.file()), dumps(dumper.directory().path()));
        assertEquals(List.of(dump.file(), DumpDirectory.base(dump.file()) + DumpDirectory.METADATA), dumper.directory().delete(dump.file()));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "..x", ".hidden" })
    void aDumpOfAServerWithADottedNameIsListedAndDeletable(String server) throws Exception {
        HeapDumper dumper = new HeapDumper(server, settings(), listener, ModelNode::new, HeapDumperTest::fakeDump, heapUsed::get,
                path -> usableSpace.get(), clock, clock::nanoTime);

        HeapDump dump = dumper.dump(manual(REQUEST_TIME), true, false, null);

        assertEquals(List.of(dump.file()), DumpDirectory.names(dumper.directory().dumps()));
        assertEquals(List.of(dump.file(), DumpDirectory.base(dump.file()) + DumpDirectory.METADATA), dumper.directory().delete(dump.file()));
    }

    // ---- dumps-refused and dumps-failed: each request counted once, where it was refused or failed ----

    @Test
    void aDumpRefusedAsBusyCountsOneRefusalAndNoFailure() throws Exception {
        try (BlockedDump blocked = new BlockedDump()) {
            assertThrows(HeapDumpException.class, () -> blocked.dumper.dump(manual(REQUEST_TIME.plusSeconds(1)), true, false, null));
            assertThrows(HeapDumpException.class, () -> blocked.dumper.refuseManual(manual(REQUEST_TIME.plusSeconds(1)), false));
            blocked.finish();
            assertEquals(2, blocked.dumper.dumpsRefused(), "one refusal by dump, one by refuseManual");
            assertEquals(0, blocked.dumper.dumpsFailed());
        }
    }

    @Test
    void aTriggeredDumpWithinTheCooldownCountsOneRefusal() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.dump(triggered(REQUEST_TIME), true, false, null);
        clock.advance(Duration.ofMinutes(1));

        assertThrows(HeapDumpException.class, () -> dumper.dump(triggered(REQUEST_TIME.plusSeconds(60)), true, false, null));
        assertEquals(1, dumper.dumpsRefused());
        assertEquals(0, dumper.dumpsFailed());
    }

    @Test
    void aManualDumpWithinMinIntervalCountsOneRefusalWhetherRefusedByRefuseManualOrByDump() throws Exception {
        HeapDumper dumper = fakeDumper(settingsWithMinInterval(Duration.ofSeconds(10)));
        dumper.dump(manual(REQUEST_TIME), true, false, null);
        clock.advance(Duration.ofSeconds(1));

        assertThrows(HeapDumpException.class, () -> dumper.refuseManual(manual(REQUEST_TIME.plusSeconds(1)), false)); // dump-heap's MODEL stage
        assertEquals(1, dumper.dumpsRefused());
        assertThrows(HeapDumpException.class, () -> dumper.dump(manual(REQUEST_TIME.plusSeconds(1)), true, false, null)); // JMX dumpHeap
        assertEquals(2, dumper.dumpsRefused());
    }

    @Test
    void aDumpRefusedForDiskCountsOneRefusalAndNoFailure() {
        HeapDumper dumper = diskDumper();
        refusedForDisk(dumper);
        assertEquals(1, dumper.dumpsRefused());
        assertEquals(0, dumper.dumpsFailed());
    }

    @Test
    void aWrittenDumpCountsNeitherRefusalNorFailure() throws Exception {
        HeapDumper dumper = fakeDumper(settings());
        dumper.refuseManual(manual(REQUEST_TIME), false);
        dumper.dump(manual(REQUEST_TIME), true, false, null);
        assertEquals(0, dumper.dumpsRefused());
        assertEquals(0, dumper.dumpsFailed());
    }

    @Test
    void aDumpWhoseWriteFailsCountsOneFailureAndNoRefusal() {
        HeapDumper dumper = fakeDumper(settings(), (file, live) -> {
            throw new IOException("disk gone (thrown by the test)");
        });
        assertEquals(Reason.FAILED, assertThrows(HeapDumpException.class, () -> dumper.dump(triggered(REQUEST_TIME), true, false, null)).reason());
        assertEquals(1, dumper.dumpsFailed());
        assertEquals(0, dumper.dumpsRefused());
    }

    @Test
    void anErrorWhileWritingCountsOneFailure() {
        HeapDumper dumper = fakeDumper(settings(), (file, live) -> {
            throw new OutOfMemoryError("Java heap space (thrown by the test)");
        });
        assertThrows(OutOfMemoryError.class, () -> dumper.dump(manual(REQUEST_TIME), true, false, null));
        assertEquals(1, dumper.dumpsFailed());
    }

    @Test
    void aDirectoryThatCannotBeCreatedCountsOneFailureAndNoRefusal() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        HeapDumper dumper = fakeDumper(settings(file.resolve("dumps"), 3, Duration.ofMinutes(30), 0));

        assertEquals(Reason.DIRECTORY, assertThrows(HeapDumpException.class, () -> dumper.dump(manual(REQUEST_TIME), true, false, null)).reason());
        assertEquals(1, dumper.dumpsFailed());
        assertEquals(0, dumper.dumpsRefused());
    }
}
