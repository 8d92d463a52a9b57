package dev.vigil.analyzer.hprof;

import java.util.Arrays;

/**
 * Finds an object's position (in file order) from its id: the ids sorted, plus a table of where each range of ids
 * starts, so a look-up is one table read and a binary search over a few neighbours (two or three cache misses, not
 * the twenty-odd of a plain binary search over millions).
 */
final class ObjectIdIndex {

    private final long[] sorted;
    /** sorted position -> file position; null when the file already listed the ids in order. */
    private final int[] filePosition;
    private final long min;
    private final long max;
    private final int shift;
    private final int[] bucketStart;

    ObjectIdIndex(long[] idsInFileOrder) {
        int n = idsInFileOrder.length;
        boolean inOrder = true;
        for (int i = 1; i < n && inOrder; i++) {
            inOrder = idsInFileOrder[i - 1] < idsInFileOrder[i];
        }
        if (inOrder) {
            sorted = idsInFileOrder;
        } else {
            sorted = idsInFileOrder.clone();
            Arrays.parallelSort(sorted);
        }
        min = n == 0 ? 0 : sorted[0];
        max = n == 0 ? -1 : sorted[n - 1];
        long span = max - min;
        int targetBuckets = Math.max(1, n / 4);
        int s = 0;
        while (span >= 0 && (span >>> s) >= targetBuckets) {
            s++;
        }
        shift = s;
        int buckets = n == 0 ? 1 : (int) (span >>> s) + 1;
        bucketStart = new int[buckets + 1];
        int b = 0;
        for (int i = 0; i < n; i++) {
            int bi = (int) ((sorted[i] - min) >>> shift);
            while (b <= bi) {
                bucketStart[b++] = i;
            }
        }
        while (b <= buckets) {
            bucketStart[b++] = n;
        }
        if (inOrder) {
            filePosition = null;
        } else {
            filePosition = new int[n];
            for (int i = 0; i < n; i++) {
                filePosition[sortedPosition(idsInFileOrder[i])] = i;
            }
        }
    }

    /** The file position of {@code id}, -1 if the dump has no such object. */
    int indexOf(long id) {
        int p = sortedPosition(id);
        if (p < 0 || filePosition == null) {
            return p;
        }
        return filePosition[p];
    }

    private int sortedPosition(long id) {
        if (id < min || id > max) {
            return -1;
        }
        int b = (int) ((id - min) >>> shift);
        int lo = bucketStart[b];
        int hi = bucketStart[b + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = sorted[mid];
            if (v < id) {
                lo = mid + 1;
            } else if (v > id) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
