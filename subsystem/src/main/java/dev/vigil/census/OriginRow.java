package dev.vigil.census;

import java.beans.ConstructorProperties;

/** One origin as JMX shows it (CompositeData: origin, count, peak, samples). */
public final class OriginRow {

    private final String origin;
    private final int count;
    private final int peak;
    private final String[] samples;

    @ConstructorProperties({ "origin", "count", "peak", "samples" })
    public OriginRow(String origin, int count, int peak, String[] samples) {
        this.origin = origin;
        this.count = count;
        this.peak = peak;
        this.samples = samples.clone();
    }

    static OriginRow of(OriginCount count) {
        return new OriginRow(count.origin(), count.count(), count.peak(), count.samples().toArray(String[]::new));
    }

    public String getOrigin() {
        return origin;
    }

    public int getCount() {
        return count;
    }

    public int getPeak() {
        return peak;
    }

    public String[] getSamples() {
        return samples.clone();
    }
}
