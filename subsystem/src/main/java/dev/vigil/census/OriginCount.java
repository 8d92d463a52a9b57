package dev.vigil.census;

import java.util.List;

/**
 * One origin in a census: its live threads now, its peak, and a few of its threads' names.
 */
public record OriginCount(String origin, int count, int peak, List<String> samples) {

    public OriginCount {
        samples = List.copyOf(samples);
    }
}
