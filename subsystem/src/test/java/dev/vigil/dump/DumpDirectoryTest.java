package dev.vigil.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.vigil.dump.HeapDumpException.Reason;

/** What the directory counts as a dump, which names it accepts, and what it deletes. */
class DumpDirectoryTest {

    /** Far above any pid Linux hands out (pid_max is at most 2^22): no such process. */
    private static final long DEAD_PID = 999_999_999L;
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path temp;

    private Path path;
    private DumpDirectory directory;
    private final Instant now = Instant.now();

    @BeforeEach
    void createDirectory() throws IOException {
        path = Files.createDirectory(temp.resolve("dumps"));
        directory = new DumpDirectory(path, "srv");
    }

    /** Creates a file in the dump directory, modified the given time ago. */
    private Path file(String name, Duration age) throws IOException {
        Path file = Files.writeString(path.resolve(name), name);
        Files.setLastModifiedTime(file, FileTime.from(now.minus(age)));
        return file;
    }

    private Path file(String name) throws IOException {
        return file(name, Duration.ZERO);
    }

    private List<String> listed() throws IOException {
        return DumpDirectory.names(directory.list());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(path)) {
            return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** Every file under the temporary directory with its content and modification time. */
    private Map<String, String> everything() throws IOException {
        Map<String, String> snapshot = new TreeMap<>();
        try (Stream<Path> files = Files.walk(temp)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                snapshot.put(temp.relativize(file).toString(), Files.isRegularFile(file)
                        ? Files.readString(file) + " @ " + Files.getLastModifiedTime(file)
                        : "directory");
            }
        }
        return snapshot;
    }

    // ---- list ----

    @Test
    void listShowsRawAndCompressedDumpsOldestFirst() throws IOException {
        // names sort in another order than ages: the order comes from the files' times
        file("node1-4243-20240305-140709-manual.hprof", Duration.ofHours(1));
        file("node2-4242-20240305-120000-manual.hprof.gz", Duration.ofHours(3));
        file("java_pid77.hprof", Duration.ofHours(2));

        assertEquals(List.of("node2-4242-20240305-120000-manual.hprof.gz", "java_pid77.hprof", "node1-4243-20240305-140709-manual.hprof"),
                listed());
    }

    @Test
    void listLeavesOutFilesBeingWritten() throws IOException {
        file("srv-4242-20240305-140709-manual.hprof");
        file(".srv-4242-20240305-150000-manual.hprof");
        file(".srv-4242-20240305-150000-manual.hprof.gz");

        assertEquals(List.of("srv-4242-20240305-140709-manual.hprof"), listed());
    }

    @Test
    void listLeavesOutADumpsCompanions() throws IOException {
        file("srv-4242-20240305-140709-manual.hprof");
        file("srv-4242-20240305-140709-manual.json");
        file("srv-4242-20240305-140709-manual.histogram.txt");
        file("srv-4242-20240305-140709-manual.threads.txt");

        assertEquals(List.of("srv-4242-20240305-140709-manual.hprof"), listed());
    }

    @Test
    void listShowsALoneHistogramAndALoneCensusWithTheirKind() throws IOException {
        file("srv-4242-20240305-140709-manual.hprof", Duration.ofMinutes(3));
        file("srv-4242-20240305-150000-heap-critical.histogram.txt", Duration.ofMinutes(2));
        file("srv-4242-20240305-150500-threads-entry.threads.txt", Duration.ofMinutes(1));

        Map<String, String> kinds = new TreeMap<>();
        directory.list().forEach(entry -> kinds.put(entry.name(), entry.kind()));
        assertEquals(Map.of("srv-4242-20240305-140709-manual.hprof", "heap-dump", "srv-4242-20240305-150000-heap-critical.histogram.txt", "histogram",
                "srv-4242-20240305-150500-threads-entry.threads.txt", "threads"), kinds);
        assertEquals(List.of("srv-4242-20240305-140709-manual.hprof"), DumpDirectory.names(directory.dumps()));
    }

    @Test
    void aCompanionOfADumpBeingWrittenIsNotLone() throws IOException {
        file(".srv-4242-20240305-140709-heap-critical.hprof");
        file("srv-4242-20240305-140709-heap-critical.histogram.txt");

        assertEquals(List.of(), listed());
    }

    @Test
    void listReadsTheTriggerFromAVigilName() throws IOException {
        file("srv-4242-20240305-140709-heap-critical.hprof.gz");

        assertEquals("heap-critical", directory.list().get(0).trigger());
    }

    @Test
    void theSuffixOfASecondDumpInTheSameSecondIsNotPartOfItsTrigger() throws IOException {
        file("srv-4242-20240305-140709-manual-2.hprof");

        assertEquals("manual", directory.list().get(0).trigger());
    }

    @Test
    void aHiddenFileWithAnAbsurdPidIsLeftAlone() throws IOException {
        file(".srv-99999999999999999999999-20240305-140709-manual.hprof");

        assertEquals(List.of(), directory.removeAbandonedParts());
    }

    @Test
    void listShowsTheJvmsOwnDumpAsOutOfMemory() throws IOException {
        file("java_pid123.hprof");

        List<DumpFile> dumps = directory.list();
        assertEquals(List.of("java_pid123.hprof"), DumpDirectory.names(dumps));
        assertEquals("out-of-memory", dumps.get(0).trigger());
    }

    @Test
    void listOfAMissingDirectoryIsEmpty() throws IOException {
        assertEquals(List.of(), new DumpDirectory(temp.resolve("missing"), "srv").list());
    }

    // ---- names ----

    @Test
    void aListedNameResolvesToItsFile() throws Exception {
        Path dump = file("srv-4242-20240305-140709-manual.hprof");

        assertEquals(dump, directory.listed("srv-4242-20240305-140709-manual.hprof"));
    }

    /**
     * Each name exists as a file (outside the directory, in a subdirectory, as a companion, as a part, as a dump
     * nobody lists), so a refusal comes from the rules, not from a missing file.
     */
    private void filesForEveryRefusedName() throws IOException {
        file("srv-4242-20240305-140709-manual.hprof");
        file("srv-4242-20240305-150000-manual.hprof.gz");
        Files.writeString(temp.resolve("x.hprof"), "outside");
        Files.createDirectory(path.resolve("a"));
        Files.writeString(path.resolve("a").resolve("b.hprof"), "below");
        file("x.json");
        file(".hidden.hprof");
    }

    @ParameterizedTest
    @ValueSource(strings = { "../x.hprof", "a/b.hprof", "x.json", ".hidden.hprof", "other.hprof" })
    void listedRefusesANameThatIsNotAListedDumpNamingTheDumps(String name) throws IOException {
        filesForEveryRefusedName();

        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> directory.listed(name));
        assertEquals(Reason.NAME, refused.reason());
        assertTrue(refused.getMessage().contains("name=" + name + " is not allowed"), refused.getMessage());
        assertTrue(refused.getMessage().contains("[srv-4242-20240305-140709-manual.hprof, srv-4242-20240305-150000-manual.hprof.gz]"),
                refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "../x.hprof", "a/b.hprof", "x.json", ".hidden.hprof", "other.hprof", "srv-4242-20240305-140709-manual.json" })
    void readableRefusesANameThatIsNeitherListedNorAListedDumpsCompanion(String name) throws IOException {
        filesForEveryRefusedName();
        Files.delete(path.resolve("srv-4242-20240305-140709-manual.hprof"));
        file("srv-4242-20240305-140709-manual.json"); // a companion whose dump is gone

        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> directory.readable(name));
        assertEquals(Reason.NAME, refused.reason());
        assertTrue(refused.getMessage().contains("name=" + name + " is not allowed"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { ".json", ".histogram.txt", ".threads.txt" })
    void readableAcceptsAListedDumpsCompanion(String suffix) throws Exception {
        file("srv-4242-20240305-140709-manual.hprof.gz");
        Path companion = file("srv-4242-20240305-140709-manual" + suffix);

        assertEquals(companion, directory.readable("srv-4242-20240305-140709-manual" + suffix));
    }

    @Test
    void readableAcceptsALoneCensus() throws Exception {
        Path census = file("srv-4242-20240305-150500-threads-entry.threads.txt");

        assertEquals(census, directory.readable("srv-4242-20240305-150500-threads-entry.threads.txt"));
    }

    @Test
    void readableRefusesACompanionThatIsALink() throws Exception {
        file("srv-4242-20240305-140709-manual.hprof");
        Path secret = Files.writeString(temp.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(path.resolve("srv-4242-20240305-140709-manual.json"), secret);

        assertEquals(Reason.NAME, assertThrows(HeapDumpException.class, () -> directory.readable("srv-4242-20240305-140709-manual.json")).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = { "../x.hprof", "a/b.hprof", "x.json", ".hidden.hprof", "other.hprof" })
    void deleteOfANameThatIsNotAListedDumpIsRefusedAndTouchesNothing(String name) throws IOException {
        filesForEveryRefusedName();
        Map<String, String> before = everything();

        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> directory.delete(name));
        assertEquals(Reason.NAME, refused.reason());
        assertEquals(before, everything());
    }

    // ---- delete ----

    @Test
    void deleteRemovesTheDumpWithItsMetadataAndHistogram() throws Exception {
        file("srv-4242-20240305-140709-manual.hprof");
        file("srv-4242-20240305-140709-manual.json");
        file("srv-4242-20240305-140709-manual.histogram.txt");
        file("srv-4242-20240305-150000-manual.hprof.gz");
        file("srv-4242-20240305-150000-manual.json");

        List<String> deleted = directory.delete("srv-4242-20240305-140709-manual.hprof");

        assertEquals(List.of("srv-4242-20240305-140709-manual.hprof", "srv-4242-20240305-140709-manual.json",
                "srv-4242-20240305-140709-manual.histogram.txt"), deleted);
        assertEquals(List.of("srv-4242-20240305-150000-manual.hprof.gz", "srv-4242-20240305-150000-manual.json"), files());
    }

    @Test
    void deleteOfALoneCensusDeletesOnlyIt() throws Exception {
        file("srv-4242-20240305-150500-threads-entry.histogram.txt");
        file("srv-4242-20240305-150500-threads-entry.threads.txt");

        assertEquals(List.of("srv-4242-20240305-150500-threads-entry.threads.txt"), directory.delete("srv-4242-20240305-150500-threads-entry.threads.txt"));
        assertEquals(List.of("srv-4242-20240305-150500-threads-entry.histogram.txt"), files());
    }

    // ---- the dump report ----

    @Test
    void aDumpsReportIsItsCompanionNotAnEntryAndListSaysItIsDoneWithSuspectOne() throws Exception {
        file("srv-4242-20240305-140709-heap-critical.hprof");
        file("srv-4242-20240305-140709-heap-critical.report.html");
        Files.writeString(path.resolve("srv-4242-20240305-140709-heap-critical.report.json"),
                "{\"suspects\": [{\"description\": \"20 threads of a.B$1 keep 1.0 MiB alive, 50.0 % of the heap.\"}]}");
        file("srv-4242-20240305-140709-heap-critical.analyzer.log");

        DumpFile dump = directory.list().get(0);

        assertEquals(List.of("srv-4242-20240305-140709-heap-critical.hprof"), listed());
        assertEquals(List.of("done", "srv-4242-20240305-140709-heap-critical.report.html", "20 threads of a.B$1 keep 1.0 MiB alive, 50.0 % of the heap."),
                List.of(dump.analysis(), dump.report(), dump.suspect()));
        for (String companion : List.of(".report.html", ".report.json", ".analyzer.log")) {
            assertEquals(path.resolve("srv-4242-20240305-140709-heap-critical" + companion), directory.readable("srv-4242-20240305-140709-heap-critical" + companion));
        }
    }

    @Test
    void aSuspectOneBelowTheSuspectShareIsSaidToBeNoLeaksSignature() throws Exception {
        file("srv-4242-20240305-140709-heap-critical.hprof");
        file("srv-4242-20240305-140709-heap-critical.report.html");
        Files.writeString(path.resolve("srv-4242-20240305-140709-heap-critical.report.json"),
                "{\"suspects\": [{\"description\": \"One a.B (jdk) keeps 1.6 MiB alive, 3.0 % of the heap.\", \"retained-percent\": 3.0}]}");

        assertEquals("nothing keeps 10 % of the heap alive; the largest: One a.B (jdk) keeps 1.6 MiB alive, 3.0 % of the heap.",
                directory.list().get(0).suspect());
    }

    @Test
    void aDumpWithAnAnalyzerLogButNoReportFailedAndOneWithNeitherHasNone() throws Exception {
        file("srv-4242-20240305-140709-heap-critical.hprof");
        file("srv-4242-20240305-140709-heap-critical.analyzer.log");
        file("srv-4242-20240305-150000-manual.hprof");

        assertEquals(List.of("failed", "none"), directory.list().stream().map(DumpFile::analysis).collect(Collectors.toList()));
    }

    @Test
    void aReportWithoutItsDumpIsNeitherListedNorReadable() throws Exception {
        file("srv-4242-20240305-140709-heap-critical.report.html");

        assertEquals(List.of(), listed());
        HeapDumpException refused = assertThrows(HeapDumpException.class, () -> directory.readable("srv-4242-20240305-140709-heap-critical.report.html"));
        assertEquals(Reason.NAME, refused.reason());
    }

    @Test
    void deleteAndRetainTakeTheReportAndTheAnalyzerLogWithTheirDump() throws Exception {
        for (String suffix : List.of(".hprof", ".json", ".report.html", ".report.json", ".analyzer.log")) {
            file("srv-4242-20240305-140709-manual" + suffix, Duration.ofMinutes(2));
        }
        file("srv-4242-20240305-150000-manual.hprof", Duration.ofMinutes(1));
        file("srv-4242-20240305-150000-manual.report.json", Duration.ofMinutes(1));

        assertEquals(List.of("srv-4242-20240305-140709-manual.hprof", "srv-4242-20240305-140709-manual.json", "srv-4242-20240305-140709-manual.report.html",
                "srv-4242-20240305-140709-manual.report.json", "srv-4242-20240305-140709-manual.analyzer.log"), directory.retain(1));
        assertEquals(List.of("srv-4242-20240305-150000-manual.hprof", "srv-4242-20240305-150000-manual.report.json"), files());
        assertEquals(List.of("srv-4242-20240305-150000-manual.hprof", "srv-4242-20240305-150000-manual.report.json"),
                directory.delete("srv-4242-20240305-150000-manual.hprof"));
    }

    // ---- retain ----

    @Test
    void retainNeitherCountsNorDeletesTheDumpsOfAnotherServerOrAnotherJvm() throws IOException {
        List<String> foreign = List.of("srv2-4242-20240301-100000-manual.hprof", "srv2-4242-20240301-100000-manual.json",
                "other-77-20240301-100000-heap-critical.hprof.gz", "java_pid77.hprof", "java_pid" + PID + ".hprof");
        for (String name : foreign) {
            file(name, Duration.ofDays(3));
        }
        file("srv-4242-20240305-100000-manual.hprof", Duration.ofHours(2));
        file("srv-4242-20240305-110000-manual.hprof", Duration.ofHours(1));

        assertEquals(List.of(), directory.retain(2));
        List<String> expected = new ArrayList<>(foreign);
        expected.addAll(List.of("srv-4242-20240305-100000-manual.hprof", "srv-4242-20240305-110000-manual.hprof"));
        expected.sort(null);
        assertEquals(expected, files());
    }

    @Test
    void retainDeletesOnlyThisServersOldestDumps() throws IOException {
        file("srv2-4242-20240301-100000-manual.hprof", Duration.ofDays(3));
        file("srv-4242-20240305-100000-manual.hprof", Duration.ofHours(2));
        file("srv-4242-20240305-110000-manual.hprof", Duration.ofHours(1));

        assertEquals(List.of("srv-4242-20240305-100000-manual.hprof"), directory.retain(1));
    }

    @Test
    void retainLeavesAnotherServersLoneHistogramsAlone() throws IOException {
        for (int i = 0; i < DumpDirectory.LONE_KEPT + 2; i++) {
            file(String.format("srv2-4242-20240305-14%02d00-heap-warning.histogram.txt", i), Duration.ofDays(1));
        }
        file("srv-4242-20240305-150000-heap-warning.histogram.txt");

        assertEquals(List.of(), directory.retain(3));
    }

    @Test
    void aServerWhoseNameBeginsLikeAnothersDoesNotOwnItsFiles() {
        assertTrue(directory.own("srv-4242-20240305-140709-manual.hprof"));
        assertFalse(directory.own("srv-2-4242-20240305-140709-manual.hprof"));
        assertFalse(directory.own("srvx-4242-20240305-140709-manual.hprof"));
        assertFalse(directory.own("java_pid" + PID + ".hprof"));
    }

    @Test
    void retainKeepsTheNewestDumpsWithTheirCompanions() throws IOException {
        for (int hour = 10; hour <= 13; hour++) {
            String base = "srv-4242-20240305-" + hour + "0000-manual";
            Duration age = Duration.ofHours(20 - hour);
            file(base + ".hprof", age);
            file(base + ".json", age);
        }

        directory.retain(2);

        assertEquals(List.of("srv-4242-20240305-120000-manual.hprof", "srv-4242-20240305-120000-manual.json",
                "srv-4242-20240305-130000-manual.hprof", "srv-4242-20240305-130000-manual.json"), files());
    }

    @Test
    void retainKeepsTheNewestLoneHistogramsAndCensusesUpToTheirLimit() throws IOException {
        int lone = DumpDirectory.LONE_KEPT + 2;
        List<String> histograms = new ArrayList<>();
        for (int i = 0; i < lone; i++) {
            // histograms and censuses alike
            String name = String.format("srv-4242-20240305-14%02d00-heap-warning" + (i % 2 == 0 ? ".histogram.txt" : ".threads.txt"), i);
            file(name, Duration.ofMinutes(lone - i));
            histograms.add(name);
        }
        // A dump's own histogram is not lone, and older than all of them.
        file("srv-4242-20240305-090000-manual.hprof", Duration.ofDays(1));
        file("srv-4242-20240305-090000-manual.histogram.txt", Duration.ofDays(1));

        directory.retain(3);

        List<String> expected = new ArrayList<>(histograms.subList(2, lone));
        expected.add("srv-4242-20240305-090000-manual.histogram.txt");
        expected.add("srv-4242-20240305-090000-manual.hprof");
        expected.sort(null);
        assertEquals(expected, files());
    }

    // ---- abandoned parts ----

    @Test
    void removeAbandonedPartsDeletesThePartOfADeadProcess() throws IOException {
        assertTrue(ProcessHandle.of(DEAD_PID).isEmpty(), "no process " + DEAD_PID);
        String part = ".srv-" + DEAD_PID + "-20240305-140709-manual.hprof";
        file(part);

        assertEquals(List.of(part), directory.removeAbandonedParts());
        assertFalse(Files.exists(path.resolve(part)));
    }

    @Test
    void removeAbandonedPartsKeepsThePartOfALiveProcess() throws IOException {
        String part = ".srv-" + PID + "-20240305-140709-manual.hprof.gz";
        file(part);

        assertEquals(List.of(), directory.removeAbandonedParts());
        assertTrue(Files.exists(path.resolve(part)));
    }

    @Test
    void removeAbandonedPartsDeletesAPartOfOurOwnPidWrittenBeforeThisJvmStarted() throws IOException {
        // A container's previous run had the same pid and died while writing.
        String part = ".srv-" + PID + "-20240305-140709-manual.hprof";
        Path file = file(part);
        Files.setLastModifiedTime(file, FileTime.from(jvmStart().minus(Duration.ofMinutes(1))));

        assertEquals(List.of(part), directory.removeAbandonedParts());
        assertFalse(Files.exists(file));
    }

    @Test
    void removeAbandonedPartsKeepsAPartOfOurOwnPidWrittenSinceThisJvmStarted() throws IOException {
        String part = ".srv-" + PID + "-20240305-140709-manual.hprof";
        Path file = file(part);
        Files.setLastModifiedTime(file, FileTime.from(jvmStart().plusMillis(1)));

        assertEquals(List.of(), directory.removeAbandonedParts());
        assertTrue(Files.exists(file));
    }

    @Test
    void removeAbandonedPartsDeletesAPartWhosePidNowBelongsToAProcessStartedAfterIt() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            String part = ".srv-" + sleeper.pid() + "-20240305-140709-manual.hprof.gz";
            file(part, Duration.ofHours(1));

            assertEquals(List.of(part), directory.removeAbandonedParts());
        } finally {
            sleeper.destroy();
            assertTrue(sleeper.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "sleep ended");
        }
    }

    @Test
    void removeAbandonedPartsKeepsAPartOfALiveProcessWrittenSinceItStarted() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Instant started = sleeper.info().startInstant().orElseThrow();
            String part = ".srv-" + sleeper.pid() + "-20240305-140709-manual.hprof";
            Path file = file(part);
            Files.setLastModifiedTime(file, FileTime.from(started.plusSeconds(1)));

            assertEquals(List.of(), directory.removeAbandonedParts());
        } finally {
            sleeper.destroy();
            assertTrue(sleeper.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "sleep ended");
        }
    }

    private static Instant jvmStart() {
        return Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    @Test
    void removeAbandonedPartsKeepsFinishedDumpsOfADeadProcess() throws IOException {
        String dump = "srv-" + DEAD_PID + "-20240305-140709-manual.hprof";
        file(dump);

        assertEquals(List.of(), directory.removeAbandonedParts());
        assertEquals(List.of(dump), files());
    }

    // ---- shared directories ----

    @ParameterizedTest
    @ValueSource(strings = { "rwxrwx---", "rwx---rwx", "rwx-w----" })
    void aDirectoryOthersMayWriteIsRefusedNamingItsOwnerAndMode(String mode) throws IOException {
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(mode));

        HeapDumpException e = assertThrows(HeapDumpException.class, directory::prepare);

        assertEquals(Reason.DIRECTORY, e.reason());
        assertTrue(e.getMessage().startsWith("VIGIL0270"), e.getMessage());
        assertTrue(e.getMessage().contains(path.toString()) && e.getMessage().contains(mode)
                && e.getMessage().contains(System.getProperty("user.name")), e.getMessage());
    }

    @Test
    void anOwnerOnlyDirectoryIsAccepted() throws IOException, HeapDumpException {
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));

        directory.prepare();
    }

    @Test
    void aLinkAtAListedDumpsPlaceIsNotOpened() throws IOException {
        Path victim = Files.writeString(temp.resolve("victim"), "secret");
        Path link = Files.createSymbolicLink(path.resolve("srv-" + PID + "-20240305-140709-manual.hprof"), victim);

        assertThrows(IOException.class, () -> DumpDirectory.open(link));
    }
}
