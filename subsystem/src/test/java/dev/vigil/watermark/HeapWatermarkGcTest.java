package dev.vigil.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Real collections drive the watermark: each scenario runs {@link WatermarkProbe} in a JVM of its own with a
 * 256 MB G1 heap (WildFly's default collector), so this test's own heap does not interfere.
 */
class HeapWatermarkGcTest {

    @Test
    void collectionsRaiseTheWatermarkThroughWarningAndCriticalAndItFallsBack() throws Exception {
        List<String> out = probe("levels");
        List<String> moves = moves(out);
        assertEquals(List.of("NORMAL WARNING", "WARNING CRITICAL", "CRITICAL NORMAL"),
                moves.stream().map(m -> m.split(" ")[1] + " " + m.split(" ")[2]).collect(Collectors.toList()), String.join("\n", out));
        assertTrue(moves.get(0).contains("G1 ") && moves.get(1).contains("G1 "), "rises are driven by G1 collections, never by usage now: " + moves);
        // The fall is proved by whichever comes first: the collection's notification, or the sample of usage now after it.
        assertTrue(moves.get(2).contains("G1 ") || moves.get(2).contains("sample (usage now"), moves.get(2));
        assertTrue(percent(moves.get(0)) >= 70, moves.get(0));
        // at 85 % or more, or earlier when G1 itself ran out of room on the way to 90 % (a busy machine): CRITICAL either way
        assertTrue(percent(moves.get(1)) >= 85 || moves.get(1).contains("to find room"), moves.get(1));
        assertTrue(percent(moves.get(2)) < 65, moves.get(2));
        assertTrue(out.contains("POLLED 0") && out.stream().noneMatch(l -> l.startsWith("MISSING ")),
                "the notifications reach the watermark: the sampler judged no collection itself:\n" + String.join("\n", out));
    }

    /** Before the fix the watermark stayed NORMAL: the JVM stops delivering a notification at the first listener that throws. */
    @Test
    void aFailingGcListenerBeforeVigilsDoesNotSilenceTheWatermark() throws Exception {
        List<String> out = probe("broken-listener");
        String all = String.join("\n", out);
        List<String> moves = moves(out);
        assertEquals(List.of("NORMAL WARNING", "WARNING CRITICAL", "CRITICAL NORMAL"),
                moves.stream().map(m -> m.split(" ")[1] + " " + m.split(" ")[2]).collect(Collectors.toList()), all);
        assertTrue(moves.get(0).contains("read by the sampler: no notification came") && moves.get(1).contains("read by the sampler"),
                "the rises come from the collectors' own last collection: " + moves);
        assertTrue(out.contains("MISSING G1 Old Generation"), "the gap is reported, naming the collector that System.gc() ran:\n" + all);
        assertTrue(out.stream().noneMatch(l -> l.matches("MISSING .*") && out.indexOf(l) != out.lastIndexOf(l)), "each collector reported once:\n" + all);
    }

    @Test
    void measureCurrentIsSampledEverySecondWithoutCollections() throws Exception {
        List<String> out = probe("current");
        List<String> moves = moves(out);
        assertEquals(List.of("NORMAL WARNING", "WARNING NORMAL"),
                moves.stream().map(m -> m.split(" ")[1] + " " + m.split(" ")[2]).collect(Collectors.toList()), String.join("\n", out));
        for (String move : moves) {
            assertTrue(move.contains(" sample"), "read by the sampler, not a collection: " + move);
        }
    }

    @Test
    void shippedDefaultsReachCriticalBeforeOutOfMemoryWithSmallObjects() throws Exception {
        assertCriticalBeforeOutOfMemory(probe("oome", "16384"));
    }

    /** 256 KB arrays waste a quarter of each 1 MB G1 region: full collections then report only ~75% when the heap is full. */
    @Test
    void shippedDefaultsReachCriticalBeforeOutOfMemoryWithRegionWastingObjects() throws Exception {
        assertCriticalBeforeOutOfMemory(probe("oome", "262144"));
    }

    private static void assertCriticalBeforeOutOfMemory(List<String> out) {
        String all = String.join("\n", out);
        long oome = out.stream().filter(l -> l.startsWith("OOME ")).mapToLong(l -> Long.parseLong(l.substring(5))).findFirst()
                .orElseThrow(() -> new AssertionError("the probe never ran out of memory:\n" + all));
        String critical = moves(out).stream().filter(m -> m.split(" ")[2].equals("CRITICAL")).findFirst()
                .orElseThrow(() -> new AssertionError("no CRITICAL before OutOfMemoryError:\n" + all));
        long criticalAt = Long.parseLong(critical.split(" ")[4]);
        assertTrue(criticalAt <= oome, "CRITICAL at " + criticalAt + " must come before OutOfMemoryError at " + oome + ":\n" + all);
    }

    private static List<String> moves(List<String> out) {
        return out.stream().filter(l -> l.startsWith("MOVE ")).collect(Collectors.toList());
    }

    private static double percent(String move) {
        return Double.parseDouble(move.split(" ")[3]);
    }

    private static List<String> probe(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx256m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"), WatermarkProbe.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "probe finished");
        assertEquals(0, process.exitValue(), String.join("\n", lines));
        assertEquals("DONE", lines.get(lines.size() - 1), String.join("\n", lines));
        return lines;
    }
}
