package dev.vigil.analyzer.report;

import java.util.Locale;

/** Sizes, counts and shares as the reports and the command line print them, the same everywhere. */
public final class Quantities {

    private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

    private Quantities() {
    }

    /** Binary units, one decimal: {@code 180.2 MiB}; under a kibibyte {@code 512 B}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        // 1023.96 KiB would print as "1024.0 KiB": step up while the rounded value reaches the next unit
        while (value >= 1023.95 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** Grouped by thousands: {@code 3,456,789}. */
    public static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** One decimal and a space before the sign, as the suspects' sentences write it: {@code 71.9 %}. */
    public static String percent(double percent) {
        return String.format(Locale.ROOT, "%.1f %%", percent);
    }
}
