package dev.vigil.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Settings and pools are checked before anything runs, and refusals say what was given and what is allowed. */
class WatermarkSettingsTest {

    @Test
    void shippedDefaultsAreSeventyAndEightyFiveAfterGcOnTheWholeHeap() {
        WatermarkSettings defaults = WatermarkSettings.defaults();
        assertEquals(List.of("heap"), defaults.pools());
        assertEquals(70, defaults.warning());
        assertEquals(85, defaults.critical());
        assertEquals(Measure.AFTER_GC, defaults.measure());
    }

    @Test
    void warningAtOrAboveCriticalIsRefusedNamingBoth() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> WatermarkSettings.defaults().withLevels(85, 85));
        assertEquals("VIGIL0002: warning=85 is not allowed with critical=85: warning must be below critical", refused.getMessage());
    }

    @Test
    void percentagesOutsideOneToNinetyNineAreRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> WatermarkSettings.defaults().withLevels(0, 85));
        assertEquals("VIGIL0001: warning=0 is not allowed: it must be a whole number of percent from 1 to 99", refused.getMessage());
        refused = assertThrows(IllegalArgumentException.class, () -> WatermarkSettings.defaults().withLevels(70, 100));
        assertEquals("VIGIL0001: critical=100 is not allowed: it must be a whole number of percent from 1 to 99", refused.getMessage());
    }

    @Test
    void heapMeansEveryHeapPoolMeasuredAgainstTheHeapMaximum() {
        MemoryPoolSet heap = MemoryPoolSet.resolve(List.of("heap"));
        assertEquals(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax(), heap.max());
        long heapPoolsUsed = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
        assertTrue(heap.current().used() > 0 && heap.current().used() <= heapPoolsUsed * 2);
    }

    @Test
    void namedPoolsOfThisJvmAreAccepted() {
        MemoryPoolMXBean heapPool = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).findFirst().orElseThrow();
        MemoryPoolMXBean boundedNonHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.NON_HEAP && p.getUsage().getMax() > 0).findFirst().orElseThrow();
        MemoryPoolSet set = MemoryPoolSet.resolve(List.of(heapPool.getName(), boundedNonHeap.getName()));
        assertEquals(heapPool.getName() + ", " + boundedNonHeap.getName(), set.describe());
        assertEquals(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() + boundedNonHeap.getUsage().getMax(), set.max());
    }

    @Test
    void anUnknownPoolIsRefusedWithTheListOfTheJvmsPools() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> MemoryPoolSet.resolve(List.of("heap", "Tenured Gen X")));
        assertTrue(refused.getMessage().startsWith("VIGIL0003: pools=heap,Tenured Gen X is not allowed: this JVM has no memory pool named 'Tenured Gen X'. Allowed: heap (all heap pools together) or any of ["),
                refused.getMessage());
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            assertTrue(refused.getMessage().contains(pool.getName()), pool.getName() + " listed in " + refused.getMessage());
        }
    }

    @Test
    void aPoolWithoutMaximumIsRefusedSayingHowToBoundIt() {
        String unbounded = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.NON_HEAP && p.getUsage().getMax() < 0).map(MemoryPoolMXBean::getName)
                .findFirst().orElseThrow(() -> new AssertionError("this JVM bounds every non-heap pool; run without -XX:MaxMetaspaceSize"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> MemoryPoolSet.resolve(List.of(unbounded)));
        assertTrue(refused.getMessage().startsWith("VIGIL0004: pools=" + unbounded + " is not allowed: the memory pool '" + unbounded + "' has no maximum size"), refused.getMessage());
    }

    @Test
    void noPoolIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> MemoryPoolSet.resolve(List.of()));
        assertEquals("VIGIL0005: pools= is not allowed: name at least one memory pool, or heap", refused.getMessage());
    }
}
