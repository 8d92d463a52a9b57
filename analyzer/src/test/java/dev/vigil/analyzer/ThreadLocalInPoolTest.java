package dev.vigil.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.leaks.ThreadLocalScenario;

import dev.vigil.analyzer.hprof.SizeModel;
import dev.vigil.analyzer.report.Report;
import dev.vigil.analyzer.report.Suspect;

/** Scenario 3: four pooled threads each left with a ThreadLocal holding a byte[4 MiB]. */
class ThreadLocalInPoolTest {

    @TempDir
    static Path dir;
    static Report report;

    static final long VALUES = ThreadLocalScenario.THREADS * SizeModel.align8(16 + ThreadLocalScenario.VALUE_BYTES);

    @BeforeAll
    static void dumpAndAnalyze() throws Exception {
        report = Analyzer.analyze(ScenarioDumps.dump(ThreadLocalScenario.class, dir), null, Progress.NONE);
        System.out.println(ReportText.of(report));
    }

    @Test
    void thePoolThreadsAreSuspectOne() {
        Suspect first = report.suspects().get(0);
        assertEquals(Suspect.THREADS, first.kind());
        assertEquals(ThreadLocalScenario.class.getName() + "$PoolThread", first.className());
        assertEquals(ThreadLocalScenario.THREADS, first.instances());
        assertTrue(first.retainedBytes() >= VALUES, first.retainedBytes() + " < " + VALUES);
        // plus per thread its Thread, name, map, table and entry, and an idle worker's few objects: under 4 KiB each
        assertTrue(first.retainedBytes() <= VALUES + ThreadLocalScenario.THREADS * 4096L, first.retainedBytes() + " - " + VALUES);
    }

    @Test
    void thePathGoesThroughTheThreadLocalMap() {
        List<String> path = report.suspects().get(0).path();
        assertTrue(path.get(0).matches("Thread pool-\\d"), path.toString());
        assertEquals("ThreadLocalScenario$PoolThread.threadLocals", path.get(1), path.toString());
        assertEquals("ThreadLocal$ThreadLocalMap.table", path.get(2), path.toString());
        assertEquals("ThreadLocal$ThreadLocalMap$Entry[]", path.get(3), path.toString());
        assertEquals("ThreadLocal$ThreadLocalMap$Entry.value", path.get(4), path.toString());
        assertEquals("byte[]", path.get(5), path.toString());
    }
}
