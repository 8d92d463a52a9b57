package dev.vigil.dump;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The analyzer as Vigil runs it after a dump: a real child JVM on a real dump of this test's own JVM. Never in the
 * server's JVM, one at a time, only with the memory it needs, stopped at its time limit, its output in
 * NAME.analyzer.log.
 */
class DumpAnalyzerTest {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final Duration WITHIN = Duration.ofMinutes(2);

    @TempDir
    static Path shared;
    private static Path dumpOfThisJvm;

    @TempDir
    Path directory;

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private DumpAnalyzer analyzer;

    /** What the analyzer tells its listener, one line per event. */
    private final DumpAnalyzer.Listener listener = new DumpAnalyzer.Listener() {
        @Override
        public void analysed(Path dump, Path htmlReport, String suspect, long millis) {
            heard.add("analysed " + dump.getFileName() + " " + htmlReport.getFileName() + ": " + suspect);
        }

        @Override
        public void notAnalysed(Path dump, String message) {
            heard.add("not analysed " + dump.getFileName() + ": " + message);
        }

        @Override
        public void started(Path dump, long pid, AnalyzerSettings settings) {
            heard.add("started " + dump.getFileName());
        }
    };

    @BeforeAll
    static void dumpThisJvm() throws IOException {
        dumpOfThisJvm = shared.resolve("srv-1-20240305-140709-manual.hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dumpOfThisJvm.toString(), true);
    }

    @AfterEach
    void close() {
        if (analyzer != null) {
            analyzer.close();
        }
    }

    private Path dump(String name) throws IOException {
        return Files.copy(dumpOfThisJvm, directory.resolve(name));
    }

    private DumpAnalyzer analyzer(AnalyzerSettings settings, long availableMemory) {
        analyzer = new DumpAnalyzer(() -> settings, () -> availableMemory, listener, DumpAnalyzer.analyzerClassPath());
        return analyzer;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void theMemoryAvailableIsMemAvailableLoweredToWhatTheServersCgroupStillAllows() throws IOException {
        Path meminfo = Files.writeString(directory.resolve("meminfo"), "MemTotal:       24000000 kB\nMemAvailable:    8000000 kB\n");
        Path self = Files.writeString(directory.resolve("self-cgroup"), "0::/system.slice/wildfly.service\n");
        Path root = Files.createDirectories(directory.resolve("cgroup"));
        Path unit = Files.createDirectories(root.resolve("system.slice/wildfly.service"));

        assertEquals(8_000_000L * 1024, DumpAnalyzer.availableMemory(meminfo, self, root), "no cgroup limit: MemAvailable");
        Files.writeString(unit.resolve("memory.max"), "max\n");
        Files.writeString(unit.resolve("memory.current"), "1000\n");
        assertEquals(8_000_000L * 1024, DumpAnalyzer.availableMemory(meminfo, self, root), "memory.max=max: no limit");
        Files.writeString(unit.resolve("memory.max"), String.valueOf(2 * GIB));
        Files.writeString(unit.resolve("memory.current"), String.valueOf(GIB + 512L * 1024 * 1024));
        assertEquals(512L * 1024 * 1024, DumpAnalyzer.availableMemory(meminfo, self, root), "a systemd MemoryMax of 2 GiB with 1.5 GiB in use");
        assertEquals(-1, DumpAnalyzer.availableMemory(directory.resolve("no-meminfo"), self, root), "not Linux: unknown");
    }

    @Test
    void theChildRunsAtLowPriorityWithTheConfiguredHeapAndTheAnalyzersClassesOnly() throws IOException {
        Path dump = dump("srv-1-20240305-140709-manual.hprof");
        List<String> command = analyzer(new AnalyzerSettings(true, 768L * 1024 * 1024, Duration.ofMinutes(10)), 4 * GIB)
                .command(dump, new AnalyzerSettings(true, 768L * 1024 * 1024, Duration.ofMinutes(10)));

        assertAll("the command: " + command,
                () -> assertEquals(List.of("/usr/bin/nice", "-n", "19"), command.subList(0, 3), "nice 19 first"),
                () -> assertTrue(command.contains("-Xmx768m"), "analyzer-max-heap as -Xmx"),
                () -> assertEquals(DumpAnalyzer.analyzerClassPath(), List.of(command.get(command.indexOf("-cp") + 1).split(java.io.File.pathSeparator)),
                        "the analyzer's classes, not the server's"),
                () -> assertEquals(List.of(DumpAnalyzer.MAIN, dump.toString(), "--out", directory.toString()), command.subList(command.size() - 4, command.size())));
    }

    @Test
    void aDumpGetsItsReportBesideItOwnerOnlyAndTheListenerHearsSuspectOne() throws IOException {
        Path dump = dump("srv-1-20240305-140709-manual.hprof");
        analyzer(new AnalyzerSettings(true, 512L * 1024 * 1024, Duration.ofMinutes(2)), 4 * GIB).submit(dump);

        await().atMost(WITHIN).until(() -> heard.stream().anyMatch(line -> line.startsWith("analysed") || line.startsWith("not analysed")));
        assertAll("heard " + heard,
                () -> assertEquals("started srv-1-20240305-140709-manual.hprof", heard.get(0)),
                () -> assertTrue(heard.get(1).startsWith("analysed srv-1-20240305-140709-manual.hprof srv-1-20240305-140709-manual.report.html: "),
                        "the report, and suspect 1"),
                () -> assertEquals(List.of("srv-1-20240305-140709-manual.analyzer.log", "srv-1-20240305-140709-manual.hprof",
                        "srv-1-20240305-140709-manual.report.html", "srv-1-20240305-140709-manual.report.json"), files(), "beside the dump, no part left"),
                () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(
                        "srv-1-20240305-140709-manual.report.html"))), "owner-only"),
                () -> assertTrue(Files.readString(directory.resolve("srv-1-20240305-140709-manual.analyzer.log")).contains("Suspect 1: "), "the log ends with it"),
                () -> assertNull(analyzer.state(dump), "nothing running"));
    }

    @Test
    void withoutTheMemoryItNeedsNoChildStartsAndTheLogSaysWhy() throws IOException {
        Path dump = dump("srv-1-20240305-140709-manual.hprof");
        analyzer(new AnalyzerSettings(true, 2 * GIB, Duration.ofMinutes(10)), 512L * 1024 * 1024).submit(dump);

        await().atMost(WITHIN).until(() -> !heard.isEmpty());
        String expected = "VIGIL0241: Heap dump srv-1-20240305-140709-manual.hprof was not analysed: the analyzer needs analyzer-max-heap=2.0 GB and "
                + "the machine has 512.0 MB available now";
        assertAll("heard " + heard,
                () -> assertEquals(1, heard.size(), "one event"),
                () -> assertTrue(heard.get(0).startsWith("not analysed srv-1-20240305-140709-manual.hprof: " + expected), "the named message"),
                () -> assertFalse(heard.get(0).contains("started"), "no child"),
                () -> assertEquals(List.of("srv-1-20240305-140709-manual.analyzer.log", "srv-1-20240305-140709-manual.hprof"), files(), "no report"),
                () -> assertTrue(Files.readString(directory.resolve("srv-1-20240305-140709-manual.analyzer.log")).startsWith(expected), "the log says why"));
    }

    @Test
    void aChildPastItsTimeLimitIsStoppedAndLeavesNoPartBehind() throws IOException {
        Path dump = dump("srv-1-20240305-140709-manual.hprof");
        analyzer(new AnalyzerSettings(true, 256L * 1024 * 1024, Duration.ofMillis(1)), 4 * GIB).submit(dump);

        await().atMost(WITHIN).until(() -> heard.stream().anyMatch(line -> line.startsWith("not analysed")));
        String log = Files.readString(directory.resolve("srv-1-20240305-140709-manual.analyzer.log"));
        assertAll("heard " + heard + ", log:\n" + log,
                () -> assertEquals("started srv-1-20240305-140709-manual.hprof", heard.get(0)),
                () -> assertTrue(heard.get(1).contains("VIGIL0242: The analysis of heap dump srv-1-20240305-140709-manual.hprof ran past analyzer-timeout=0 s"),
                        "the time limit named"),
                () -> assertTrue(log.startsWith("$ /usr/bin/nice -n 19 "), "the log begins with the command"),
                () -> assertEquals(List.of("srv-1-20240305-140709-manual.analyzer.log", "srv-1-20240305-140709-manual.hprof"), files(),
                        "no report, no part"),
                () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(
                        "srv-1-20240305-140709-manual.analyzer.log"))), "the log is owner-only"),
                () -> assertNull(analyzer.state(dump), "nothing running"));
    }

    @Test
    void aSecondDumpWaitsAndMoreThanTheQueueHoldsAreRefusedByName() throws IOException {
        DumpAnalyzer slow = analyzer(new AnalyzerSettings(true, 256L * 1024 * 1024, Duration.ofMinutes(10)), 4 * GIB);
        List<Path> dumps = List.of(dump("srv-1-20240305-140701-manual.hprof"), dump("srv-1-20240305-140702-manual.hprof"),
                dump("srv-1-20240305-140703-manual.hprof"), dump("srv-1-20240305-140704-manual.hprof"), dump("srv-1-20240305-140705-manual.hprof"));
        List<Boolean> accepted = dumps.stream().map(slow::submit).collect(Collectors.toList());
        List<String> states = dumps.subList(1, 4).stream().map(slow::state).collect(Collectors.toList()); // a child JVM takes longer to start than this

        assertAll("heard " + heard,
                () -> assertEquals(List.of(true, true, true, true, false), accepted, "the fifth is refused"),
                () -> assertEquals(List.of("queued", "queued", "queued"), states, "three wait behind the first"),
                () -> assertTrue(heard.stream().anyMatch(line -> line.startsWith("not analysed srv-1-20240305-140705-manual.hprof: VIGIL0244: Heap dump "
                        + "srv-1-20240305-140705-manual.hprof was not analysed: 3 analyses already wait for the analyzer, which runs one at a time")), "named"));
    }
}
