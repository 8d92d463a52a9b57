package dev.vigil.watermark;

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
 */
public record WatermarkSettings(List<String> pools, int warning, int critical, Measure measure,
                                List<Action> onWarning, List<Action> onCritical) {

    public static final int MIN_PERCENT = 1;
    public static final int MAX_PERCENT = 99;
    public static final int DEFAULT_WARNING = 70;
    public static final int DEFAULT_CRITICAL = 85;

    public WatermarkSettings {
        pools = List.copyOf(pools);
        onWarning = List.copyOf(onWarning);
        onCritical = List.copyOf(onCritical);
        checkPercent("warning", warning);
        checkPercent("critical", critical);
        checkLevels(warning, critical);
    }

    /** The shipped defaults: the whole heap, 70 / 85 after GC, notify. */
    public static WatermarkSettings defaults() {
        return new WatermarkSettings(List.of(MemoryPoolSet.HEAP), DEFAULT_WARNING, DEFAULT_CRITICAL, Measure.AFTER_GC,
                List.of(Action.NOTIFY), List.of(Action.NOTIFY));
    }

    public WatermarkSettings withLevels(int warning, int critical) {
        return new WatermarkSettings(pools, warning, critical, measure, onWarning, onCritical);
    }

    public WatermarkSettings withMeasure(Measure measure) {
        return new WatermarkSettings(pools, warning, critical, measure, onWarning, onCritical);
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

    public static void checkLevels(int warning, int critical) {
        if (warning >= critical) {
            throw new IllegalArgumentException(VigilLogger.ROOT_LOGGER.warningNotBelowCritical(warning, critical));
        }
    }
}
