package dev.vigil.suspect;

import java.time.Instant;

import dev.vigil.evidence.CensusSnapshot;
import dev.vigil.evidence.HistogramSnapshot;

/**
 * What the server looked like at one time, as suspects compare: its classes, its threads by origin and its heap after
 * the last collection. Either snapshot is null when its capability is not configured.
 *
 * @param state       the watermarks' state it was taken in ({@code NORMAL}, {@code WARNING}, ...), or why ({@code boot})
 * @param heapAfterGc bytes of heap left after the last collection, or -1 if the JVM does not say
 */
public record Picture(Instant time, String state, HistogramSnapshot histogram, CensusSnapshot census, long heapAfterGc) {
}
