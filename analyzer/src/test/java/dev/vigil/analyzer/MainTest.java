package dev.vigil.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.analyzer.report.Report;
import dev.vigil.analyzer.report.SampleReports;
import dev.vigil.analyzer.report.Suspect;

class MainTest {

    private static final String DUMP = "shop-server-4711-20261201T235812.hprof";

    @TempDir
    Path directory;
    Path dump;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final AtomicLong clock = new AtomicLong();

    /** For the argument errors: an analysis that must never start. */
    static final Main.DumpAnalysis NEVER = (dump, threads, progress) -> fail("analysis started despite bad arguments");

    @BeforeEach
    void dump() throws IOException {
        dump = Files.write(directory.resolve(DUMP), new byte[] { 'J', 'A', 'V', 'A' });
    }

    private int run(Main.DumpAnalysis analysis, String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), analysis,
                clock::get);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Exit 2, one line on stderr naming what is wrong, nothing on stdout, nothing written. */
    private void assertUsageError(String expected, String... args) throws IOException {
        List<String> before = names(directory);
        assertEquals(Main.USAGE, run(NEVER, args), err());
        assertEquals("", out());
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().startsWith("vigil-analyzer: "), err());
        assertTrue(err().contains(expected), "expected '" + expected + "' in: " + err());
        assertEquals(before, names(directory));
    }

    @Test
    void helpPrintsTheUsage() {
        assertEquals(Main.OK, run(NEVER, "--help"));
        assertTrue(out().startsWith("Usage: java -jar vigil-analyzer.jar DUMP [--out DIR] [--threads FILE] [--quiet]\n"), out());
        assertEquals("", err());
        out.reset();
        assertEquals(Main.OK, run(NEVER, dump.toString(), "-h"));
        assertEquals(Main.USAGE_TEXT, out());
    }

    @Test
    void argumentErrors() throws IOException {
        assertUsageError("DUMP missing: give the heap dump file (BASE.hprof or BASE.hprof.gz); --help for usage");
        reset();
        assertUsageError("unknown option --frobnicate; allowed: DUMP [--out DIR] [--threads FILE] [--quiet], or --help", dump.toString(), "--frobnicate");
        reset();
        assertUsageError("DUMP given twice", dump.toString(), dump.toString());
        reset();
        Path missing = directory.resolve("missing.hprof");
        assertUsageError("DUMP " + missing + ": no such file; give a heap dump file (BASE.hprof or BASE.hprof.gz)", missing.toString());
        reset();
        Path sub = Files.createDirectory(directory.resolve("sub.hprof"));
        assertUsageError("DUMP " + sub + " is not a regular file but a directory", sub.toString());
        reset();
        assertUsageError("--out needs a value: a directory", dump.toString(), "--out");
        reset();
        assertUsageError("--out is empty: give a directory", dump.toString(), "--out=");
        reset();
        assertUsageError("--out " + dump + " is not a directory; give an existing directory to write the reports into", dump.toString(), "--out",
                dump.toString());
        reset();
        Path nowhere = directory.resolve("nowhere");
        assertUsageError("--out " + nowhere + ": no such directory", dump.toString(), "--out=" + nowhere);
        reset();
        Path link = Files.createSymbolicLink(directory.resolve("link"), sub);
        assertUsageError("--out " + link + " is a symbolic link; give the directory it points to", dump.toString(), "--out", link.toString());
        reset();
        Path noCensus = directory.resolve("other.threads.txt");
        assertUsageError("--threads " + noCensus + ": no such file; give the census file BASE.threads.txt, or leave --threads out", dump.toString(),
                "--threads", noCensus.toString());
        reset();
        assertUsageError("--out given twice", dump.toString(), "--out", sub.toString(), "--out", sub.toString());
    }

    private void reset() {
        out.reset();
        err.reset();
    }

    @Test
    void successPrintsBothPathsAndSuspectOne() throws IOException {
        AtomicReference<Path> census = new AtomicReference<>(Path.of("unset"));
        int exit = run((dump, threads, progress) -> {
            census.set(threads);
            return SampleReports.relayLeak();
        }, dump.toString(), "--quiet");
        assertEquals(Main.OK, exit, err());
        assertNull(census.get(), "no census companion beside the dump: none read");
        assertEquals(List.of(directory.resolve("shop-server-4711-20261201T235812.report.html").toString(),
                directory.resolve("shop-server-4711-20261201T235812.report.json").toString(), "Suspect 1: " + SampleReports.RELAY_DESCRIPTION),
                out().lines().toList());
        assertEquals("", err(), "--quiet");
        assertTrue(Files.isRegularFile(directory.resolve("shop-server-4711-20261201T235812.report.html")));
    }

    @Test
    void theCensusBesideTheDumpIsReadByDefaultAndTheReportsGoWhereAsked() throws IOException {
        Path companion = Files.writeString(directory.resolve("shop-server-4711-20261201T235812.threads.txt"), "census");
        Path elsewhere = Files.createDirectory(directory.resolve("reports"));
        AtomicReference<Path> census = new AtomicReference<>();
        assertEquals(Main.OK, run((dump, threads, progress) -> {
            census.set(threads);
            return SampleReports.relayLeak();
        }, "--out", elsewhere.toString(), dump.toString()), err());
        assertEquals(companion, census.get());
        assertEquals(List.of(elsewhere.toString(), elsewhere.resolve("shop-server-4711-20261201T235812.report.html").toString(),
                elsewhere.resolve("shop-server-4711-20261201T235812.report.json").toString()), names(elsewhere));

        Path chosen = Files.writeString(directory.resolve("chosen.txt"), "census");
        assertEquals(Main.OK, run((dump, threads, progress) -> {
            census.set(threads);
            return SampleReports.relayLeak();
        }, dump.toString(), "--threads=" + chosen, "--quiet"));
        assertEquals(chosen, census.get());
    }

    @Test
    void noSuspectSaysSo() {
        assertEquals(Main.OK, run((dump, threads, progress) -> SampleReports.quiet(), dump.toString(), "--quiet"));
        assertEquals("No suspect: no group of threads and no single object keeps a notable share of the 40.0 MiB heap.", out().lines().toList().get(2));
    }

    @Test
    void aSuspectsControlCharactersAreShownNotSentToTheTerminal() {
        Report relay = SampleReports.relayLeak();
        Suspect first = relay.suspects().get(0);
        Suspect hostile = new Suspect(1, first.kind(), "200 threads named \u001b]0;owned\u0007 keep it.", first.retainedBytes(), first.retainedPercent(),
                first.className(), first.deployment(), first.threadOrigin(), first.path(), first.instances(), first.retainedObjects(), first.topClasses());
        Report report = new Report(relay.dump(), relay.dumpBytes(), relay.dumpTime(), relay.analysedAt(), relay.durationMillis(), relay.heapBytes(),
                relay.objects(), relay.unreachableBytes(), relay.unreachableObjects(), relay.classes(), null, List.of(hostile), List.of(), List.of(),
                List.of(), List.of());
        assertEquals(Main.OK, run((dump, threads, progress) -> report, dump.toString(), "--quiet"));
        assertEquals("Suspect 1: 200 threads named \\u001b]0;owned\\u0007 keep it.", out().lines().toList().get(2));
    }

    @Test
    void outOfMemorySaysHowToGiveMoreHeap() throws IOException {
        List<String> before = names(directory);
        assertEquals(Main.OUT_OF_MEMORY, run((dump, threads, progress) -> {
            throw new OutOfMemoryError("Java heap space");
        }, dump.toString(), "--quiet"));
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().startsWith("vigil-analyzer: out of memory analysing " + dump + ": the analyzer needs more heap than its -Xmx of "), err());
        assertTrue(err().contains("VIGIL_ANALYZER_HEAP=") && err().contains("java -Xmx"), err());
        assertEquals("", out());
        assertEquals(before, names(directory));
        assertEquals("out of memory analysing d.hprof: the analyzer needs more heap than its -Xmx of 1.5 GiB (Runtime.maxMemory); give it more: "
                + "VIGIL_ANALYZER_HEAP=3g for vigil-analyze.sh, or java -Xmx3g -jar vigil-analyzer.jar", Main.outOfMemory(Path.of("d.hprof"), 1536L << 20));
    }

    @Test
    void anUnreadableDumpIsOneLineNamingItAndTheReason() throws IOException {
        List<String> before = names(directory);
        assertEquals(Main.FAILED, run((dump, threads, progress) -> {
            throw new IOException("not an HPROF file: it starts with JAVA, not JAVA PROFILE 1.0.");
        }, dump.toString(), "--quiet"));
        assertEquals("vigil-analyzer: cannot read " + dump + ": not an HPROF file: it starts with JAVA, not JAVA PROFILE 1.0.\n", err());
        assertEquals("", out());
        assertEquals(before, names(directory));
    }

    @Test
    void theRealAnalyzerOnACorruptDumpFailsWithExitOneAndWritesNothing() throws IOException {
        // with the stub Analyzer (not built yet) and with the real one (a 4-byte file is no HPROF) alike
        List<String> before = names(directory);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = Main.run(new String[] { dump.toString(), "--quiet" }, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String message = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(Main.FAILED, exit, message);
        assertTrue(message.startsWith("vigil-analyzer: cannot ") && message.contains(dump.toString()), message);
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
        assertEquals(before, names(directory));
    }

    @Test
    void progressShowsEachPhaseAndAPercentageAtMostEveryTwoSeconds() {
        long second = TimeUnit.SECONDS.toNanos(1);
        assertEquals(Main.OK, run((dump, threads, progress) -> {
            progress.phase("reading classes and objects");
            progress.advanced(1 << 20, 1L << 30); // at once: no line
            clock.addAndGet(2 * second);
            progress.advanced(430L << 20, 1L << 30);
            clock.addAndGet(second);
            progress.advanced(500L << 20, 1L << 30); // 1 s after the last line: none
            clock.addAndGet(second);
            progress.advanced(600L << 20, 1L << 30);
            progress.phase("dominators");
            clock.addAndGet(3 * second);
            progress.advanced(1_500_000, 3_000_000);
            return SampleReports.relayLeak();
        }, dump.toString()), err());
        assertEquals(List.of("reading classes and objects", "reading classes and objects: 41 % (430.0 MiB of 1.0 GiB)",
                "reading classes and objects: 58 % (600.0 MiB of 1.0 GiB)", "dominators", "dominators: 50 % (1,500,000 of 3,000,000)",
                "writing the reports"), err().lines().toList());
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.map(Path::toString).sorted().toList();
        }
    }

}
