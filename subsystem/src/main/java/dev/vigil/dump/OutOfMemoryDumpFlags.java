package dev.vigil.dump;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The JVM's own dump on OutOfMemoryError, pointed at the dump directory: sets the manageable flags
 * HeapDumpOnOutOfMemoryError, HeapDumpPath (and HeapDumpGzipLevel when compressing) and puts back the values they
 * had before when turned off. HeapDumpPath names a file, not the directory: the JVM would write
 * {@code java_pid<pid>.hprof} into a directory, a name the next run with the same pid (a container's pid 1) finds taken,
 * and then writes no dump at all. Given a file name the JVM appends nothing, not even {@code .gz}.
 */
public final class OutOfMemoryDumpFlags {

    static final String ON_OOME = "HeapDumpOnOutOfMemoryError";
    static final String PATH = "HeapDumpPath";
    static final String GZIP_LEVEL = "HeapDumpGzipLevel";

    private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private Map<String, String> previous;

    /**
     * Points the JVM's OutOfMemoryError dump at the file; remembers the flags' values the first time. Returns
     * false, changing nothing, if the flags already say so.
     */
    public synchronized boolean apply(Path file, boolean compress) {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(ON_OOME, "true");
        wanted.put(PATH, file.toString());
        wanted.put(GZIP_LEVEL, compress ? String.valueOf(HeapDumper.GZIP_LEVEL) : "0");
        if (previous != null && wanted.equals(current())) {
            return false;
        }
        if (previous == null) {
            previous = new LinkedHashMap<>();
            for (String flag : new String[] { ON_OOME, PATH, GZIP_LEVEL }) {
                previous.put(flag, hotspot.getVMOption(flag).getValue());
            }
        }
        hotspot.setVMOption(PATH, file.toString());
        hotspot.setVMOption(GZIP_LEVEL, compress ? String.valueOf(HeapDumper.GZIP_LEVEL) : "0");
        hotspot.setVMOption(ON_OOME, "true");
        return true;
    }

    /** Puts the flags back as they were before {@link #apply}; returns false, doing nothing, if it never applied. */
    public synchronized boolean restore() {
        if (previous == null) {
            return false;
        }
        previous.forEach(hotspot::setVMOption);
        previous = null;
        return true;
    }

    /** The flags' current values, for the log and the tests. */
    public Map<String, String> current() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String flag : new String[] { ON_OOME, PATH, GZIP_LEVEL }) {
            values.put(flag, hotspot.getVMOption(flag).getValue());
        }
        return values;
    }
}
