package dev.vigil.watermark;

import java.util.Locale;

/** One measurement of a set of memory pools: bytes used of bytes allowed. */
public record Reading(long used, long max) {

    public double percent() {
        return max > 0 ? used * 100.0 / max : 0.0;
    }

    /** The percentage as Vigil shows it everywhere (jboss-cli, JMX, /metrics): one decimal, 71.4. */
    public double shownPercent() {
        return Math.round(percent() * 10) / 10.0;
    }

    /** Bytes as an administrator reads them: "183.4 MB". */
    public static String bytes(long bytes) {
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
}
