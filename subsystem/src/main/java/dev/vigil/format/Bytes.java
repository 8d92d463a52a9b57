package dev.vigil.format;

import java.util.Locale;

/** Sizes as an administrator reads them, in every log line and report of Vigil's. */
public final class Bytes {

    /** e.g. "183.4 MB"; under a kilobyte, "512 B". */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = { "KB", "MB", "GB", "TB" };
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private Bytes() {
    }
}
