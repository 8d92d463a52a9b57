package dev.vigil.watermark;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.vigil.action.ActionRequest;

/**
 * A watermark's move from one state to another, with the numbers that caused it.
 *
 * @param cause what produced the reading: the collection ("G1 Young Generation (G1 Evacuation Pause)"),
 *              "sample" for the current measure, or "reconfigured"
 * @param forecast what the trend said at the move (for the log line); null if it said nothing
 */
public record Transition(String watermark, WatermarkState from, WatermarkState to, Reading reading, int warning,
                         int critical, Measure measure, List<String> pools, Instant time, String cause, Forecast forecast) {

    public Transition(String watermark, WatermarkState from, WatermarkState to, Reading reading, int warning,
                      int critical, Measure measure, List<String> pools, Instant time, String cause) {
        this(watermark, from, to, reading, warning, critical, measure, pools, time, cause, null);
    }

    public boolean rising() {
        return to.compareTo(from) > 0;
    }

    /** The move as the cause of the actions it configures: files named e.g. {@code heap-critical}, at the move's time. */
    public ActionRequest actionRequest() {
        return new ActionRequest(watermark, watermark + "-" + to.name().toLowerCase(Locale.ROOT), "watermark '" + watermark + "' entering " + to.name(),
                time, TransitionField.toModel(this));
    }
}
