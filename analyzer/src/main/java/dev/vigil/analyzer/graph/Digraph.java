package dev.vigil.analyzer.graph;

/**
 * A directed graph in CSR form: the heap's nodes {@code [0, heapNodes)} with their edges, and a few virtual nodes
 * after them (a super-root, one node per thread origin) with edges of their own, kept apart so the heap's big arrays
 * are never copied to add them. Edge numbers run over the heap's edges first, then the virtual nodes'.
 */
public final class Digraph {

    /** A heap target with this bit set is a weak edge; the rest of the bits are the node. */
    public static final int WEAK = 0x8000_0000;
    private static final int NODE = 0x7FFF_FFFF;

    private final int heapNodes;
    private final int nodes;
    private int[] heapOffsets;
    private int[] heapTargets;
    private final int heapEdges;
    private final int[] extraOffsets;
    private final int[] extraTargets;

    /**
     * @param heapTargets     targets of the heap's edges, a weak one with {@link #WEAK} set
     * @param extraSuccessors the successors of virtual node {@code heapNodes + i}
     */
    public Digraph(int heapNodes, int[] heapOffsets, int[] heapTargets, int[][] extraSuccessors) {
        this.heapNodes = heapNodes;
        this.nodes = heapNodes + extraSuccessors.length;
        this.heapOffsets = heapOffsets;
        this.heapTargets = heapTargets;
        this.heapEdges = heapOffsets[heapNodes];
        extraOffsets = new int[extraSuccessors.length + 1];
        int total = 0;
        for (int i = 0; i < extraSuccessors.length; i++) {
            extraOffsets[i] = total;
            total += extraSuccessors[i].length;
        }
        extraOffsets[extraSuccessors.length] = total;
        extraTargets = new int[total];
        for (int i = 0; i < extraSuccessors.length; i++) {
            System.arraycopy(extraSuccessors[i], 0, extraTargets, extraOffsets[i], extraSuccessors[i].length);
        }
    }

    public int nodes() {
        return nodes;
    }

    public int heapNodes() {
        return heapNodes;
    }

    public int first(int node) {
        return node < heapNodes ? heapOffsets[node] : heapEdges + extraOffsets[node - heapNodes];
    }

    /** One past the last edge of {@code node}. */
    public int end(int node) {
        return node < heapNodes ? heapOffsets[node + 1] : heapEdges + extraOffsets[node - heapNodes + 1];
    }

    public int target(int edge) {
        return edge < heapEdges ? heapTargets[edge] & NODE : extraTargets[edge - heapEdges];
    }

    /** Whether the edge is weak: marked so in the heap's targets (a reference's referent). */
    public boolean isWeak(int edge) {
        return edge < heapEdges && heapTargets[edge] < 0;
    }

    /** Forgets the heap's edge arrays (the dominator computation calls it once it holds the predecessors instead). */
    void release() {
        heapOffsets = null;
        heapTargets = null;
    }
}
