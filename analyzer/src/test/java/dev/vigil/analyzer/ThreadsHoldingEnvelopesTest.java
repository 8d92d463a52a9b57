package dev.vigil.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.leaks.RelayScenario;

import dev.vigil.analyzer.hprof.SizeModel;
import dev.vigil.analyzer.report.Report;
import dev.vigil.analyzer.report.Suspect;
import dev.vigil.analyzer.report.ThreadOriginRow;

/** Scenario 1: 20 threads of an anonymous Runnable, each holding an envelope of byte[] parts through a captured local. */
class ThreadsHoldingEnvelopesTest {

    @TempDir
    static Path dir;
    static Path dump;
    static Report report;

    /** What the envelopes' parts weigh by the size model: each byte[] exactly align8(16 + length). */
    static final long PARTS = (long) RelayScenario.THREADS * RelayScenario.PARTS * SizeModel.align8(16 + RelayScenario.PART_BYTES);

    @BeforeAll
    static void dumpAndAnalyze() throws Exception {
        dump = ScenarioDumps.dump(RelayScenario.class, dir);
        report = Analyzer.analyze(dump, null, Progress.NONE);
        System.out.println(ReportText.of(report));
    }

    @Test
    void theRelayThreadsAreSuspectOne() {
        Suspect first = report.suspects().get(0);
        assertEquals(1, first.rank());
        assertEquals(Suspect.THREADS, first.kind());
        assertEquals(RelayScenario.class.getName() + "$1", first.className());
        assertEquals(RelayScenario.THREADS, first.instances());
        assertEquals(RelayScenario.THREADS, first.threadOrigin().threads());
        assertEquals("unknown", first.threadOrigin().creator());
        assertEquals("server", first.threadOrigin().deployment());
        // the parts exactly, plus per thread its envelope (16), Object[4] (32), Runnable, Thread and name: well under 4 KiB each
        assertTrue(first.retainedBytes() >= PARTS, first.retainedBytes() + " < " + PARTS);
        assertTrue(first.retainedBytes() <= PARTS + RelayScenario.THREADS * 4096L, first.retainedBytes() + " - " + PARTS);
        assertEquals(first.retainedBytes(), first.threadOrigin().retainedBytes());
        assertEquals("byte[]", first.topClasses().get(0).className());
        // the parts, and each thread's name's byte[]
        assertEquals(RelayScenario.THREADS * (RelayScenario.PARTS + 1), first.topClasses().get(0).instances());
    }

    @Test
    void thePathGoesThroughTheCapturedLocalAndTheEnvelope() {
        List<String> path = report.suspects().get(0).path();
        assertTrue(path.get(0).matches("Thread relay-\\d+( \\(stack local\\))?"), path.toString());
        assertTrue(path.contains("RelayScenario$1.val$env"), path.toString());
        assertTrue(path.contains("RelayScenario$Envelope.parts"), path.toString());
        assertEquals("Object[]", path.get(path.size() - 2), path.toString());
        assertEquals("byte[]", path.get(path.size() - 1), path.toString());
    }

    @Test
    void theDescriptionIsOneSentence() {
        String description = report.suspects().get(0).description();
        assertTrue(description.startsWith("20 threads of com.example.leaks.RelayScenario$1 (server) keep "), description);
        assertTrue(description.endsWith("mostly byte[] (100 instances)."), description);
    }

    @Test
    void theCensusCompanionNamesTheCreator() throws Exception {
        String tid = Files.readAllLines(Path.of(dump + ".tids")).stream().filter(l -> l.startsWith("relay-3\t")).findFirst().orElseThrow()
                .split("\t")[1];
        Path census = dir.resolve("RelayScenario.threads.txt");
        Files.write(census, List.of("Thread census of 2026-12-02T01:00:00Z", "42\tthis line is text, not a thread\tx\ty\tz", "",
                ReportFiles.THREADS_SECTION,
                tid + "\tcom.example.leaks.RelayScenario$1\tcom.example.leaks.RelayScenario.startRelays\tdeployment.shop.war\trelay-3"));
        Report withCensus = Analyzer.analyze(dump, census, Progress.NONE);
        assertEquals("RelayScenario.threads.txt", withCensus.threadsCompanion());
        ThreadOriginRow row = withCensus.threadOrigins().stream().filter(r -> r.sampleThreads().contains("relay-3")).findFirst().orElseThrow();
        assertEquals("com.example.leaks.RelayScenario.startRelays", row.creator());
        assertEquals("deployment.shop.war", row.deployment());
        assertEquals(1, row.threads());
        assertEquals(List.of("relay-3"), row.sampleThreads());
        ThreadOriginRow others = withCensus.threadOrigins().stream()
                .filter(r -> r.entry().equals(RelayScenario.class.getName() + "$1") && r.creator().equals("unknown")).findFirst().orElseThrow();
        assertEquals(RelayScenario.THREADS - 1, others.threads());
        assertEquals("unknown", others.creator());
        assertEquals(report.heapBytes(), withCensus.heapBytes());
    }

    @Test
    void theHeapAddsUp() {
        assertTrue(report.heapBytes() >= PARTS);
        assertTrue(report.objects() > 1000);
        assertTrue(report.classes() > 300);
        long histogram = report.histogram().stream().filter(r -> r.className().equals("byte[]")).mapToLong(r -> r.shallowBytes()).sum();
        assertTrue(histogram >= PARTS);
        assertTrue(report.gcRoots().stream().anyMatch(r -> r.kind().equals("thread object") && r.roots() >= RelayScenario.THREADS + 1));
    }
}
