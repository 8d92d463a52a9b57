package dev.vigil.watermark;

import java.util.Locale;

import dev.vigil.format.Bytes;

/**
 * What the floor of the after-GC readings says: how fast it rises, and when it reaches the maximum at that rate.
 *
 * @param bytesPerMinute   the floor's rise, bytes per minute; above zero (a flat or falling floor gives no forecast)
 * @param secondsToFull    seconds from {@code atNanos} until the floor reaches the maximum at that rate; 0 if it has
 * @param atNanos          when it was fitted (monotonic clock)
 */
public record Forecast(double bytesPerMinute, long secondsToFull, long atNanos) {

    /** Seconds until full as of {@code nowNanos}: the forecast counts down between collections. */
    public long secondsToFull(long nowNanos) {
        long elapsed = Math.max(0, (nowNanos - atNanos) / 1_000_000_000L);
        return Math.max(0, secondsToFull - elapsed);
    }

    /** The same forecast as of {@code nowNanos}: what a move carries. */
    public Forecast at(long nowNanos) {
        return new Forecast(bytesPerMinute, secondsToFull(nowNanos), nowNanos);
    }

    /** growth-rate as every client shows it (management model, JMX, the health check): bytes per minute, to one decimal. */
    public double growthRate() {
        return Math.round(bytesPerMinute * 10) / 10.0;
    }

    /** How the log lines say it: {@code +4.1 MB/min, full in about 14 min}. */
    public String describe() {
        return "+" + Bytes.format(Math.round(bytesPerMinute)) + "/min, full in about " + aboutTime(secondsToFull);
    }

    /** 40 s, 14 min, 3.5 h: rounded as a forecast deserves. */
    static String aboutTime(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return Math.round(seconds / 60.0) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
    }
}
