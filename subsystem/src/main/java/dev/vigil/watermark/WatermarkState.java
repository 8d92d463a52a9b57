package dev.vigil.watermark;

/** Where a watermark stands. Ordered from calm to alarming. */
public enum WatermarkState {
    NORMAL, WARNING, CRITICAL;

    /** The JMX notification type sent when a watermark enters this state. */
    public String notificationType() {
        return "vigil.watermark." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
