package dev.vigil.watermark;

/**
 * A watermark's move as the MXBean attribute {@code LastCrossing} shows it: the MXBean mapping turns these getters into
 * CompositeData items, so there is one getter per {@link TransitionField} (its JMX name), each giving that field's
 * value; {@code TransitionFieldTest} holds the two to the same list.
 */
public final class Crossing {

    private final Transition transition;

    Crossing(Transition transition) {
        this.transition = transition;
    }

    public String getWatermark() {
        return (String) TransitionField.WATERMARK.value(transition);
    }

    public String getFrom() {
        return (String) TransitionField.FROM.value(transition);
    }

    public String getTo() {
        return (String) TransitionField.TO.value(transition);
    }

    public long getUsed() {
        return (Long) TransitionField.USED.value(transition);
    }

    public long getMax() {
        return (Long) TransitionField.MAX.value(transition);
    }

    /** One decimal, as jboss-cli shows it. */
    public double getUsagePercent() {
        return (Double) TransitionField.USAGE_PERCENT.value(transition);
    }

    public int getWarning() {
        return (Integer) TransitionField.WARNING.value(transition);
    }

    public int getCritical() {
        return (Integer) TransitionField.CRITICAL.value(transition);
    }

    public String getMeasure() {
        return (String) TransitionField.MEASURE.value(transition);
    }

    /** Comma-separated. */
    public String getPools() {
        return (String) TransitionField.POOLS.value(transition);
    }

    /** ISO-8601, UTC. */
    public String getTime() {
        return (String) TransitionField.TIME.value(transition);
    }

    public String getCause() {
        return (String) TransitionField.CAUSE.value(transition);
    }
}
