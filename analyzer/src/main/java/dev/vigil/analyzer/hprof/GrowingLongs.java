package dev.vigil.analyzer.hprof;

/** A long list in fixed chunks; see {@link GrowingInts}. */
final class GrowingLongs {

    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private long[][] chunks = new long[16][];
    private long size;

    void add(long value) {
        int c = (int) (size >>> CHUNK_BITS);
        if (c == chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, c * 2);
        }
        long[] chunk = chunks[c];
        if (chunk == null) {
            chunk = chunks[c] = new long[CHUNK];
        }
        chunk[(int) (size & (CHUNK - 1))] = value;
        size++;
    }

    long size() {
        return size;
    }

    long[] toArray() {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("more than 2^31 objects");
        }
        long[] all = new long[(int) size];
        long left = size;
        int at = 0;
        for (int c = 0; left > 0; c++) {
            int n = (int) Math.min(CHUNK, left);
            System.arraycopy(chunks[c], 0, all, at, n);
            chunks[c] = null;
            at += n;
            left -= n;
        }
        size = 0;
        return all;
    }
}
