package dev.vigil.watermark;

/** Where a watermark stands. Ordered from calm to alarming. */
public enum WatermarkState {
    NORMAL, WARNING, CRITICAL;

    /** The state as a number alerts compare: 0 NORMAL, 1 WARNING, 2 CRITICAL (the order above, calm to alarming). */
    public int level() {
        return ordinal();
    }

    /** The JMX notification type sent when a watermark enters this state. */
    public String notificationType() {
        return "vigil.watermark." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
