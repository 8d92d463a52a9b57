package dev.vigil.watermark;

import java.time.Duration;
import java.util.List;

import dev.vigil.VigilLogger;
import dev.vigil.action.Action;

/**
 * A watermark's configuration, resolved and checked.
 *
 * @param pools      "heap" and/or JVM memory pool names
 * @param warning    percent of the pools' maximum at which the watermark enters WARNING
 * @param critical   percent at which it enters CRITICAL; above warning
 * @param onWarning  actions run on entering WARNING
 * @param onCritical actions run on entering CRITICAL
 * @param trendWindow how far back the forecast looks
 * @param gcWindow    the window {@code measure=gc-overhead} measures over
 * @param warnWithin  WARNING when the forecast says full within this; null: the forecast never moves the watermark
 */
public record WatermarkSettings(List<String> pools, int warning, int critical, Measure measure,
                                List<Action> onWarning, List<Action> onCritical, Duration trendWindow, Duration gcWindow,
                                Duration warnWithin) {

    public static final int MIN_PERCENT = 1;
    public static final int MAX_PERCENT = 99;
    public static final int DEFAULT_WARNING = 70;
    public static final int DEFAULT_CRITICAL = 85;
    public static final long DEFAULT_TREND_WINDOW = 600;
    public static final long MIN_TREND_WINDOW = 60;
    public static final long MAX_TREND_WINDOW = 86400;
    public static final long DEFAULT_GC_WINDOW = 60;
    public static final long MIN_GC_WINDOW = 5;
    public static final long MAX_GC_WINDOW = 3600;
    public static final long MIN_WARN_WITHIN = 1;
    public static final long MAX_WARN_WITHIN = 86400;

    /** The settings without forecast options: trend-window and gc-window at their defaults, no warn-within. */
    public WatermarkSettings(List<String> pools, int warning, int critical, Measure measure, List<Action> onWarning, List<Action> onCritical) {
        this(pools, warning, critical, measure, onWarning, onCritical, Duration.ofSeconds(DEFAULT_TREND_WINDOW),
                Duration.ofSeconds(DEFAULT_GC_WINDOW), null);
    }

    public WatermarkSettings {
        pools = List.copyOf(pools);
        onWarning = List.copyOf(onWarning);
        onCritical = List.copyOf(onCritical);
        checkPercent("warning", warning);
        checkPercent("critical", critical);
        checkLevels(warning, critical);
        checkSeconds("trend-window", trendWindow.toSeconds(), MIN_TREND_WINDOW, MAX_TREND_WINDOW);
        checkSeconds("gc-window", gcWindow.toSeconds(), MIN_GC_WINDOW, MAX_GC_WINDOW);
        if (warnWithin != null) {
            checkSeconds("warn-within", warnWithin.toSeconds(), MIN_WARN_WITHIN, MAX_WARN_WITHIN);
        }
    }

    /** The shipped defaults: the whole heap, 70 / 85 after GC, notify. */
    public static WatermarkSettings defaults() {
        return new WatermarkSettings(List.of(MemoryPoolSet.HEAP), DEFAULT_WARNING, DEFAULT_CRITICAL, Measure.AFTER_GC,
                List.of(Action.NOTIFY), List.of(Action.NOTIFY));
    }

    public WatermarkSettings withLevels(int warning, int critical) {
        return new WatermarkSettings(pools, warning, critical, measure, onWarning, onCritical, trendWindow, gcWindow, warnWithin);
    }

    public WatermarkSettings withMeasure(Measure measure) {
        return new WatermarkSettings(pools, warning, critical, measure, onWarning, onCritical, trendWindow, gcWindow, warnWithin);
    }

    /** The forecast options: trend-window, and warn-within (null for none). */
    public WatermarkSettings withTrend(Duration trendWindow, Duration warnWithin) {
        return new WatermarkSettings(pools, warning, critical, measure, onWarning, onCritical, trendWindow, gcWindow, warnWithin);
    }

    public WatermarkSettings withGcWindow(Duration gcWindow) {
        return new WatermarkSettings(pools, warning, critical, measure, onWarning, onCritical, trendWindow, gcWindow, warnWithin);
    }

    public List<Action> actionsOn(WatermarkState state) {
        switch (state) {
            case WARNING:
                return onWarning;
            case CRITICAL:
                return onCritical;
            default:
                return List.of();
        }
    }

    public static void checkPercent(String attribute, int value) {
        if (value < MIN_PERCENT || value > MAX_PERCENT) {
            throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.invalidPercent(attribute, String.valueOf(value), MIN_PERCENT, MAX_PERCENT));
        }
    }

    public static void checkSeconds(String attribute, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.invalidSeconds(attribute, String.valueOf(value), min, max));
        }
    }

    public static void checkLevels(int warning, int critical) {
        if (warning >= critical) {
            throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.warningNotBelowCritical(warning, critical));
        }
    }
}
