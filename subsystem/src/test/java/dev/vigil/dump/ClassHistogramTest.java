package dev.vigil.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.vigil.dump.ClassHistogram.Entry;

/** Reading the JVM's class histogram: the text of a JDK 17 GC.class_histogram, and a real one of this JVM. */
class ClassHistogramTest {

    /** The head of a JDK 17 GC.class_histogram, as the DiagnosticCommand MBean returns it. */
    private static final String HEAD = String.join("\n",
            " num     #instances         #bytes  class name (module)",
            "-------------------------------------------------------",
            "   1:         12345        6789012  [B (java.base@17.0.15)",
            "   2:          3620         433432  java.lang.Class (java.base@17.0.15)",
            "   3:         15912         381888  [Ljava.lang.String; (java.base@17.0.15)",
            "   4:          2935         206392  [[I (java.base@17.0.15)",
            "   5:          5789         185248  dev.vigil.dump.Leak",
            "");

    /** {@link #HEAD} and rows 6 to 60, then the totals. */
    private static final String SIXTY_ROWS = HEAD + rows(6, 60) + "Total        178752       13757256\n";

    private static String rows(int from, int to) {
        StringBuilder rows = new StringBuilder();
        for (int rank = from; rank <= to; rank++) {
            rows.append(String.format("%4d: %13d %14d  com.example.Class%d (app@1.0)%n", rank, 1000 - rank, 100_000 - rank, rank));
        }
        return rows.toString();
    }

    private static ClassHistogram parsed() {
        return ClassHistogram.parse(SIXTY_ROWS, Instant.EPOCH, true);
    }

    private static List<String> names(ClassHistogram histogram) {
        return histogram.entries().stream().map(Entry::className).collect(Collectors.toList());
    }

    // ---- parse ----

    @Test
    void parseKeepsTheTop50Rows() {
        List<Entry> entries = parsed().entries();
        assertEquals(ClassHistogram.TOP, entries.size());
        assertEquals(1, entries.get(0).rank());
        assertEquals(50, entries.get(entries.size() - 1).rank());
    }

    @Test
    void parseReadsTheTotals() {
        ClassHistogram histogram = parsed();
        assertEquals(178752, histogram.totalInstances());
        assertEquals(13757256, histogram.totalBytes());
    }

    @Test
    void parseReadsEachRowsRankInstancesBytesAndModule() {
        assertEquals(new Entry(1, "byte[]", 12345, 6789012, "java.base@17.0.15"), parsed().entries().get(0));
    }

    @Test
    void parseReadsARowWithoutAModule() {
        assertEquals(new Entry(5, "dev.vigil.dump.Leak", 5789, 185248, null), parsed().entries().get(4));
    }

    @Test
    void parseNamesArraysAsJavaSourceDoes() {
        assertEquals(List.of("byte[]", "java.lang.Class", "java.lang.String[]", "int[][]", "dev.vigil.dump.Leak"),
                names(parsed()).subList(0, 5));
    }

    // ---- a real histogram of this JVM ----

    /** Large enough (over half a KB each) that 1000 of them rank among the top 50 classes of any test JVM. */
    static final class Ballast {
        long a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15;
        long b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15;
        long c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15;
        long d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15;
    }

    /** As large as {@link Ballast}, and never held. */
    static final class Garbage {
        long a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15;
        long b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15;
        long c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15;
        long d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15;
    }

    /** The least a thousand of them take: 64 longs each, headers aside. */
    private static final long THOUSAND_BYTES = 1000L * 64 * Long.BYTES;

    private static Entry entry(ClassHistogram histogram, Class<?> type) {
        return histogram.entries().stream().filter(e -> e.className().equals(type.getName())).findFirst().orElse(null);
    }

    private static int allocateGarbage() {
        List<Garbage> garbage = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            garbage.add(new Garbage());
        }
        return garbage.size();
    }

    @Test
    void takeOfThisJvmSortsClassesByBytesDescending() throws Exception {
        List<Entry> entries = ClassHistogram.take(true).entries();
        assertTrue(entries.size() > 1, "entries: " + entries);
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(entries.get(i - 1).bytes() >= entries.get(i).bytes(), entries.get(i - 1) + " before " + entries.get(i));
        }
    }

    @Test
    void takeOfThisJvmHasAPositiveTotalAtLeastTheSumOfItsRows() throws Exception {
        ClassHistogram histogram = ClassHistogram.take(true);
        assertTrue(histogram.totalBytes() > 0, "total bytes " + histogram.totalBytes());
        assertTrue(histogram.totalBytes() >= histogram.entries().stream().mapToLong(Entry::bytes).sum());
        assertTrue(histogram.totalInstances() > 0, "total instances " + histogram.totalInstances());
    }

    @Test
    void takeOfThisJvmCountsTheInstancesOfAClassItHolds() throws Exception {
        List<Ballast> held = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            held.add(new Ballast());
        }

        ClassHistogram histogram = ClassHistogram.take(true);

        Entry ballast = entry(histogram, Ballast.class);
        assertNotNull(ballast, Ballast.class.getName() + " not among\n" + histogram.table(ClassHistogram.TOP));
        assertEquals(held.size(), ballast.instances());
        assertTrue(ballast.bytes() >= THOUSAND_BYTES, ballast.toString());
    }

    @Test
    void aLiveHistogramOfThisJvmLeavesOutUnreachableObjects() throws Exception {
        assertEquals(1000, allocateGarbage());

        ClassHistogram histogram = ClassHistogram.take(true);

        assertTrue(histogram.live());
        List<Entry> entries = histogram.entries();
        assertTrue(entries.get(entries.size() - 1).bytes() < THOUSAND_BYTES,
                "the histogram reaches down to classes smaller than the garbage, so it would show it:\n" + histogram.table(ClassHistogram.TOP));
        assertNull(entry(histogram, Garbage.class), histogram.table(ClassHistogram.TOP));
    }
}
