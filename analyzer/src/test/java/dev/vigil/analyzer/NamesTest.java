package dev.vigil.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.analyzer.hprof.HprofTypes;
import dev.vigil.analyzer.hprof.StackTraces;

/** How the report spells classes, sizes and origins. */
class NamesTest {

    @Test
    void classNames() {
        assertEquals("java.lang.Object[]", HprofTypes.javaClassName("[Ljava/lang/Object;"));
        assertEquals("int[][]", HprofTypes.javaClassName("[[I"));
        assertEquals("java.util.HashMap$Node[]", HprofTypes.javaClassName("[Ljava/util/HashMap$Node;"));
        assertEquals("byte[]", HprofTypes.javaClassName("[B"));
        assertEquals("HashMap$Node[]", Names.simple("java.util.HashMap$Node[]"));
        assertEquals("relay_jsp$1", Names.simple("org.apache.jsp.relay_jsp$1"));
        assertEquals("byte[]", Names.simple("byte[]"));
        assertEquals("a.B", Names.withoutLambda("a.B$$Lambda$14/0x0000000800c03000"));
    }

    @Test
    void sizes() {
        assertEquals("512 bytes", Names.bytes(512));
        assertEquals("1.5 KiB", Names.bytes(1536));
        assertEquals("180.2 MiB", Names.bytes((long) (180.2 * 1024 * 1024)));
        assertEquals("2.0 GiB", Names.bytes(2L << 30));
        assertEquals("1,200", Names.count(1200));
        assertEquals(71.9, Names.percent(719, 1000));
    }

    @Test
    void theEntryIsTheFirstFrameOutsideTheMachineryFromTheBottom() {
        List<StackTraces.Frame> frames = List.of(new StackTraces.Frame("java.lang.Object", "wait"),
                new StackTraces.Frame("org.apache.jsp.relay_jsp$1", "run"), new StackTraces.Frame("com.example.Outer$$Lambda$7/0x01", "run"),
                new StackTraces.Frame("org.jboss.threads.EnhancedQueueExecutor$ThreadBody", "run"), new StackTraces.Frame("java.lang.Thread", "run"));
        assertEquals("com.example.Outer", ThreadOrigins.entry(frames, "java.lang.Thread"));
        assertEquals("com.example.Worker", ThreadOrigins.entry(List.of(new StackTraces.Frame("java.lang.Thread", "run")), "com.example.Worker"));
        assertEquals("unknown", ThreadOrigins.entry(List.of(), "org.jboss.threads.JBossThread"));
        assertTrue(Names.isMachinery("io.undertow.server.Connectors"));
        assertFalse(Names.isMachinery("org.apache.jsp.relay_jsp"));
    }

    @Test
    void theCensusSectionFollowsItsHeading() {
        ThreadsCompanion census = ThreadsCompanion.parse(List.of("Thread census", "7\tnot\ta\tthread", ReportFiles.THREADS_SECTION,
                "17\tcom.example.A\tcom.example.B.start\tdeployment.a.war\tworker-1", "", "18\tx\ty\tserver"));
        assertEquals(2, census.size());
        assertEquals("com.example.B.start", census.thread(17).creator());
        assertEquals("worker-1", census.thread(17).name());
        assertEquals("server", census.thread(18).deployment());
        assertEquals(null, census.thread(7));
    }
}
