package dev.vigil.analyzer.hprof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The id index finds every id's file position, whether the file listed the ids in order (HotSpot's serial dump) or not (a parallel one). */
class ObjectIdIndexTest {

    @Test
    void findsIdsInAnyOrder() {
        Random random = new Random(7);
        for (boolean shuffled : new boolean[] {false, true}) {
            int n = 200_000;
            long[] ids = new long[n];
            long id = 0x7_0000_0000L;
            for (int i = 0; i < n; i++) {
                id += 8 * (1 + (random.nextInt(10) == 0 ? random.nextInt(100_000) : random.nextInt(8))); // clusters and gaps
                ids[i] = id;
            }
            if (shuffled) {
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    long t = ids[i];
                    ids[i] = ids[j];
                    ids[j] = t;
                }
            }
            long[] fileOrder = ids.clone();
            ObjectIdIndex index = new ObjectIdIndex(ids);
            for (int i = 0; i < n; i++) {
                assertEquals(i, index.indexOf(fileOrder[i]));
            }
            long[] sorted = fileOrder.clone();
            Arrays.sort(sorted);
            assertEquals(-1, index.indexOf(sorted[0] - 8));
            assertEquals(-1, index.indexOf(sorted[n - 1] + 8));
            assertEquals(-1, index.indexOf(sorted[10] + 1));
            assertEquals(-1, index.indexOf(0));
        }
    }

    @Test
    void mapsLongsToInts() {
        LongIntMap map = new LongIntMap(4);
        for (int i = 0; i < 10_000; i++) {
            map.put(i * 0x10_0000L + 3, i);
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, map.get(i * 0x10_0000L + 3, -1));
        }
        assertEquals(-1, map.get(5, -1));
        assertEquals(10_000, map.size());
    }
}
