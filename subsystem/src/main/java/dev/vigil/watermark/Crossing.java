package dev.vigil.watermark;

/**
 * A watermark's move as JMX shows it: the MXBean mapping turns these getters into CompositeData items (from, to,
 * used, ...), the same items a notification's userData has.
 */
public final class Crossing {

    private final Transition transition;

    Crossing(Transition transition) {
        this.transition = transition;
    }

    public String getWatermark() {
        return transition.watermark();
    }

    public String getFrom() {
        return transition.from().name();
    }

    public String getTo() {
        return transition.to().name();
    }

    public long getUsed() {
        return transition.reading().used();
    }

    public long getMax() {
        return transition.reading().max();
    }

    /** One decimal, as jboss-cli shows it. */
    public double getUsagePercent() {
        return transition.reading().shownPercent();
    }

    public int getWarning() {
        return transition.warning();
    }

    public int getCritical() {
        return transition.critical();
    }

    public String getMeasure() {
        return transition.measure().toString();
    }

    /** Comma-separated. */
    public String getPools() {
        return String.join(",", transition.pools());
    }

    /** ISO-8601, UTC. */
    public String getTime() {
        return transition.time().toString();
    }

    public String getCause() {
        return transition.cause();
    }
}
