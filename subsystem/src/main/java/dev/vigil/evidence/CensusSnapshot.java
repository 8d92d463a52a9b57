package dev.vigil.evidence;

import java.time.Instant;
import java.util.Map;

/** Live threads by their origin triple (entry, creator, deployment), as the leak suspects compare two censuses. */
public record CensusSnapshot(Instant time, Map<ThreadOrigin, Integer> threads) {

    public CensusSnapshot {
        threads = Map.copyOf(threads);
    }

    public int of(ThreadOrigin origin) {
        return threads.getOrDefault(origin, 0);
    }

    public int liveThreads() {
        return threads.values().stream().mapToInt(Integer::intValue).sum();
    }
}
