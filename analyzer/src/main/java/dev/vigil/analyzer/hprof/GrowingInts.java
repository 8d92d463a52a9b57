package dev.vigil.analyzer.hprof;

/** An int list in fixed chunks: growing never copies, and {@link #toArray} frees each chunk once copied, so the peak is one array and one chunk. */
final class GrowingInts {

    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private int[][] chunks = new int[16][];
    private long size;

    void add(int value) {
        int c = (int) (size >>> CHUNK_BITS);
        if (c == chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, c * 2);
        }
        int[] chunk = chunks[c];
        if (chunk == null) {
            chunk = chunks[c] = new int[CHUNK];
        }
        chunk[(int) (size & (CHUNK - 1))] = value;
        size++;
    }

    long size() {
        return size;
    }

    /** Copies all into {@code into} from {@code at}, dropping the chunks. */
    void moveTo(int[] into, int at) {
        long left = size;
        for (int c = 0; left > 0; c++) {
            int n = (int) Math.min(CHUNK, left);
            System.arraycopy(chunks[c], 0, into, at, n);
            chunks[c] = null;
            at += n;
            left -= n;
        }
        size = 0;
    }
}
