package dev.vigil.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.management.HotSpotDiagnosticMXBean;

/** The JVM's own OutOfMemoryError dump, pointed at the directory in this very JVM and put back afterwards. */
class OutOfMemoryDumpFlagsTest {

    private static final String[] FLAGS = { "HeapDumpOnOutOfMemoryError", "HeapDumpPath", "HeapDumpGzipLevel" };

    private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private final OutOfMemoryDumpFlags flags = new OutOfMemoryDumpFlags();
    private Map<String, String> original;

    @TempDir
    Path directory;

    private String flag(String name) {
        return hotspot.getVMOption(name).getValue();
    }

    private Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : FLAGS) {
            values.put(name, flag(name));
        }
        return values;
    }

    @BeforeEach
    void rememberTheJvmsFlags() {
        original = values();
    }

    /** Whatever a test did, the JVM leaves it as it found it. */
    @AfterEach
    void putTheJvmsFlagsBack() {
        original.forEach(hotspot::setVMOption);
    }

    @Test
    void applyTurnsOnTheDumpOnOutOfMemoryErrorIntoTheDirectory() {
        flags.apply(directory, false);

        assertEquals("true", flag("HeapDumpOnOutOfMemoryError"));
        assertEquals(directory.toString(), flag("HeapDumpPath"));
    }

    @Test
    void applyWithoutCompressionWritesRawDumps() {
        hotspot.setVMOption("HeapDumpGzipLevel", "6");

        flags.apply(directory, false);

        assertEquals("0", flag("HeapDumpGzipLevel"));
    }

    @Test
    void applyWithCompressionSetsTheFastestGzipLevel() {
        flags.apply(directory, true);

        assertEquals("1", flag("HeapDumpGzipLevel"));
    }

    @Test
    void applyReturnsTrueWhenItChangesTheFlags() {
        assertTrue(flags.apply(directory, false));
        assertTrue(flags.apply(directory, true), "the gzip level changes");
    }

    @Test
    void applyingTheSameAgainChangesNothingAndReturnsFalse() {
        flags.apply(directory, true);

        assertFalse(flags.apply(directory, true));
        assertTrue(flags.restore());
        assertEquals(original, values(), "the values from before the first apply are still remembered");
    }

    @Test
    void restorePutsBackTheValuesFromBeforeApply() {
        assertNotEquals(directory.toString(), original.get("HeapDumpPath"), "apply changes the path");
        flags.apply(directory, true);

        assertTrue(flags.restore());
        assertEquals(original, values());
    }

    @Test
    void restorePutsBackTheValuesFromBeforeTheFirstApply() {
        flags.apply(directory, false);
        flags.apply(directory.resolve("other"), true);

        assertTrue(flags.restore());
        assertEquals(original, values());
    }

    @Test
    void aSecondRestoreDoesNothingAndReturnsFalse() {
        flags.apply(directory, true);
        flags.restore();
        hotspot.setVMOption("HeapDumpPath", directory.resolve("set-since").toString());

        assertFalse(flags.restore());
        assertEquals(directory.resolve("set-since").toString(), flag("HeapDumpPath"));
    }

    @Test
    void restoreWithoutApplyDoesNothingAndReturnsFalse() {
        hotspot.setVMOption("HeapDumpPath", directory.toString());

        assertFalse(flags.restore());
        assertEquals(directory.toString(), flag("HeapDumpPath"));
    }

    @Test
    void currentShowsTheFlagsAsTheJvmHasThem() {
        flags.apply(directory, true);

        assertEquals(Map.of("HeapDumpOnOutOfMemoryError", "true", "HeapDumpPath", directory.toString(), "HeapDumpGzipLevel", "1"),
                flags.current());
    }
}
