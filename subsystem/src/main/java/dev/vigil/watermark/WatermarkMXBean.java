package dev.vigil.watermark;

/**
 * {@code vigil:type=Watermark,name=NAME}: one watermark, in open types only so JConsole and Jolokia need no Vigil
 * classes. Emits {@code vigil.watermark.warning}, {@code vigil.watermark.critical} and {@code vigil.watermark.normal}
 * with the numbers as CompositeData in userData.
 */
public interface WatermarkMXBean {

    String getName();

    String[] getPools();

    int getWarning();

    int getCritical();

    String getMeasure();

    /** NORMAL, WARNING or CRITICAL. */
    String getState();

    /** Bytes used now, garbage included. */
    long getUsed();

    /** Bytes the pools may grow to. */
    long getMax();

    /** The percentage the state is judged on (after GC, or now with measure=current). */
    double getUsagePercent();

    /** Bytes used right after the last collection; -1 before the first. */
    long getAfterGcUsed();

    long getPeakUsed();

    /** ISO-8601, or null before the first reading. */
    String getPeakTime();

    long getWarningCrossings();

    long getCriticalCrossings();

    /** The last move (CompositeData in JMX: from, to, used, max, usagePercent, time, cause, ...); null before the first. */
    Crossing getLastCrossing();

    /** Seconds the forecast looks back (trend-window). */
    long getTrendWindow();

    /** Seconds measure=gc-overhead measures over (gc-window). */
    long getGcWindow();

    /** Seconds: WARNING when the forecast says full within them; -1 when not set. */
    long getWarnWithin();

    /** Bytes per minute the floor of the after-GC readings rises by; -1 when it is flat, falling or not known yet. */
    double getGrowthRate();

    /** Seconds until full at GrowthRate; -1 when there is no forecast. */
    long getTimeToFull();

    /** Sets the peak to the last reading. */
    void resetPeak();
}
