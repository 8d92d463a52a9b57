package com.example.leaks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A static HashMap holding 2,000 byte[16 KiB]. */
public final class HoardScenario {

    public static final int ENTRIES = 2000;
    public static final int ENTRY_BYTES = 16 * 1024;

    static final class Hoard {
        static final Map<Integer, byte[]> CACHE = new HashMap<>();
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < ENTRIES; i++) {
            Hoard.CACHE.put(i, new byte[ENTRY_BYTES]);
        }
        SelfDump.dump(Path.of(args[0]));
    }
}
