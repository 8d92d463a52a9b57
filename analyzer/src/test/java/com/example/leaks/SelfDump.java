package com.example.leaks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import com.sun.management.HotSpotDiagnosticMXBean;

/** The scenarios dump their own heap (live objects only) through HotSpot's diagnostic bean. */
final class SelfDump {

    private SelfDump() {
    }

    static void dump(Path file) throws IOException {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
    }
}
