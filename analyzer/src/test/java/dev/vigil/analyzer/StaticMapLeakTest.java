package dev.vigil.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.leaks.HoardScenario;

import dev.vigil.analyzer.hprof.SizeModel;
import dev.vigil.analyzer.report.Report;
import dev.vigil.analyzer.report.Suspect;

/** Scenario 2 and 5: a static HashMap of 2,000 byte[16 KiB]; the same dump gzipped reads the same. */
class StaticMapLeakTest {

    @TempDir
    static Path dir;
    static Path dump;
    static Report report;

    static final long VALUES = HoardScenario.ENTRIES * SizeModel.align8(16 + HoardScenario.ENTRY_BYTES);

    @BeforeAll
    static void dumpAndAnalyze() throws Exception {
        dump = ScenarioDumps.dump(HoardScenario.class, dir);
        report = Analyzer.analyze(dump, null, Progress.NONE);
        System.out.println(ReportText.of(report));
    }

    @Test
    void theMapIsSuspectOne() {
        Suspect first = report.suspects().get(0);
        assertEquals(Suspect.OBJECT, first.kind());
        assertEquals("java.util.HashMap", first.className());
        assertTrue(first.retainedBytes() >= VALUES, first.retainedBytes() + " < " + VALUES);
        // and the map's own: its table (align8(16 + 4096 * 4)), 2,000 nodes (32 each), 2,000 Integer keys beyond the cached ones (16 each)
        long table = SizeModel.align8(16 + 4096 * 4);
        assertTrue(first.retainedBytes() <= VALUES + 48 + table + HoardScenario.ENTRIES * (32 + 16), first.retainedBytes() + " - " + VALUES);
        assertEquals("byte[]", first.topClasses().get(0).className());
        assertEquals(HoardScenario.ENTRIES, first.topClasses().get(0).instances());
        assertEquals(VALUES, first.topClasses().get(0).shallowBytes());
        assertTrue(first.description().startsWith("One java.util.HashMap (jdk) keeps "), first.description());
        assertTrue(first.description().endsWith(", held by class com.example.leaks.HoardScenario$Hoard.CACHE."), first.description());
    }

    @Test
    void thePathEndsAtTheStaticField() {
        List<String> path = report.suspects().get(0).path();
        assertEquals("class HoardScenario$Hoard.CACHE", path.get(path.size() - 2), path.toString());
        assertEquals("HashMap", path.get(path.size() - 1), path.toString());
    }

    @Test
    void theHistogramCountsTheValuesExactly() {
        assertTrue(report.histogram().stream().anyMatch(r -> r.className().equals("java.util.HashMap$Node[]")));
        assertTrue(report.histogram().stream().anyMatch(r -> r.className().equals("java.lang.Object[]")));
        long arrays = report.histogram().stream().filter(r -> r.className().equals("byte[]")).mapToLong(r -> r.shallowBytes()).sum();
        assertTrue(arrays >= VALUES);
    }

    @Test
    void theGzippedDumpGivesTheSameReport() throws Exception {
        Report gz = Analyzer.analyze(ScenarioDumps.gzip(dump), null, Progress.NONE);
        assertEquals(report.heapBytes(), gz.heapBytes());
        assertEquals(report.objects(), gz.objects());
        assertEquals(report.unreachableBytes(), gz.unreachableBytes());
        assertEquals(report.classes(), gz.classes());
        assertEquals(report.dumpTime(), gz.dumpTime());
        assertEquals(report.suspects(), gz.suspects());
        assertEquals(report.threadOrigins(), gz.threadOrigins());
        assertEquals(report.deployments(), gz.deployments());
        assertEquals(report.gcRoots(), gz.gcRoots());
        assertEquals(report.histogram(), gz.histogram());
        assertTrue(gz.dumpBytes() < report.dumpBytes());
        // told by its first bytes, not its name
        Path renamed = Files.copy(ScenarioDumps.gzip(dump), dir.resolve("renamed.hprof"));
        assertEquals(report.suspects(), Analyzer.analyze(renamed, null, Progress.NONE).suspects());
    }
}
