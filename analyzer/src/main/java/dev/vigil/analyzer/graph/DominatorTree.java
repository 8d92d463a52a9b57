package dev.vigil.analyzer.graph;

import java.util.Arrays;

/**
 * The dominator tree of the nodes reachable from a root, by the semi-NCA algorithm (Lengauer-Tarjan's semidominators,
 * then each immediate dominator as the nearest common ancestor of the DFS parent and the semidominator): iterative
 * throughout, since heap paths are millions deep, and in int arrays indexed by DFS preorder number. A node's
 * dominator precedes it in preorder, which the retained-size accumulation relies on.
 */
public final class DominatorTree {

    private final int reachable;
    private final int[] order;
    private final int[] preorder;
    private final int[] idom;
    private int[] childStart;
    private int[] children;
    /** The semidominator arrays, done with: reused for the children, so no more arrays of the heap's size are made. */
    private int[] spareOffsets;
    private int[] spareChildren;

    private DominatorTree(int reachable, int[] order, int[] preorder, int[] idom) {
        this.reachable = reachable;
        this.order = order;
        this.preorder = preorder;
        this.idom = idom;
    }

    /**
     * @param releaseGraph forget the graph's heap edges once the predecessors are built (frees the larger half of the
     *                     memory before the dominator arrays are allocated); the graph is unusable afterwards
     */
    public static DominatorTree compute(Digraph graph, int root, boolean releaseGraph) {
        int n = graph.nodes();
        int[] preorder = new int[n];
        Arrays.fill(preorder, -1);
        int[] order = new int[n];
        int[] parent = new int[n];
        // DFS; its stacks grow as deep as the graph is (the arrays of n come later, once the heap's edges are freed)
        int[] stackNode = new int[1024];
        int[] stackEdge = new int[1024];
        int r;
        preorder[root] = 0;
        order[0] = root;
        parent[0] = -1;
        r = 1;
        int sp = 0;
        stackNode[sp] = root;
        stackEdge[sp] = graph.first(root);
        sp++;
        while (sp > 0) {
            int v = stackNode[sp - 1];
            int e = stackEdge[sp - 1];
            if (e < graph.end(v)) {
                stackEdge[sp - 1] = e + 1;
                int w = graph.target(e);
                if (preorder[w] < 0) {
                    preorder[w] = r;
                    order[r] = w;
                    parent[r] = preorder[v];
                    r++;
                    if (sp == stackNode.length) {
                        stackNode = Arrays.copyOf(stackNode, sp * 2);
                        stackEdge = Arrays.copyOf(stackEdge, sp * 2);
                    }
                    stackNode[sp] = w;
                    stackEdge[sp] = graph.first(w);
                    sp++;
                }
            } else {
                sp--;
            }
        }
        stackNode = null;
        stackEdge = null;
        int reachable = r;
        // predecessors in preorder numbers: counted, summed to each list's end, then filled backwards so the ends become starts
        int[] predStart = new int[reachable + 1];
        for (int p = 0; p < reachable; p++) {
            int v = order[p];
            for (int e = graph.first(v), end = graph.end(v); e < end; e++) {
                int w = graph.target(e);
                if (w != v) {
                    predStart[preorder[w]]++;
                }
            }
        }
        for (int p = 1; p <= reachable; p++) {
            predStart[p] += predStart[p - 1];
        }
        int[] preds = new int[predStart[reachable]];
        for (int p = 0; p < reachable; p++) {
            int v = order[p];
            for (int e = graph.first(v), end = graph.end(v); e < end; e++) {
                int w = graph.target(e);
                if (w != v) {
                    preds[--predStart[preorder[w]]] = p;
                }
            }
        }
        if (releaseGraph) {
            graph.release();
        }
        int[] semi = new int[reachable + 1]; // one more: it becomes the children's offsets afterwards
        int[] label = new int[reachable];
        int[] ancestor = new int[reachable];
        for (int i = 0; i < reachable; i++) {
            semi[i] = i;
            label[i] = i;
            ancestor[i] = -1;
        }
        int[] stack = new int[1024];
        for (int w = reachable - 1; w > 0; w--) {
            int s = semi[w];
            for (int k = predStart[w], end = predStart[w + 1]; k < end; k++) {
                int v = preds[k];
                int u;
                if (ancestor[v] < 0) {
                    u = v;
                } else {
                    // compress the path from v to its forest root, without recursion
                    int depth = 0;
                    int x = v;
                    while (ancestor[ancestor[x]] >= 0) {
                        if (depth == stack.length) {
                            stack = Arrays.copyOf(stack, depth * 2);
                        }
                        stack[depth++] = x;
                        x = ancestor[x];
                    }
                    while (depth > 0) {
                        x = stack[--depth];
                        int a = ancestor[x];
                        if (semi[label[a]] < semi[label[x]]) {
                            label[x] = label[a];
                        }
                        ancestor[x] = ancestor[a];
                    }
                    u = label[v];
                }
                if (semi[u] < s) {
                    s = semi[u];
                }
            }
            semi[w] = s;
            ancestor[w] = parent[w];
        }
        ancestor = null;
        preds = null;
        // idom(w) = NCA of parent(w) and semi(w) in the dominator tree built so far (preorder: ancestors done first)
        int[] idom = parent;
        for (int w = 1; w < reachable; w++) {
            int d = parent[w];
            while (d > semi[w]) {
                d = idom[d];
            }
            idom[w] = d;
        }
        idom[0] = -1;
        DominatorTree tree = new DominatorTree(reachable, order, preorder, idom);
        tree.spareOffsets = semi;
        tree.spareChildren = label;
        return tree;
    }

    /** How many nodes the root reaches (the root included). */
    public int reachable() {
        return reachable;
    }

    /** The node with preorder number {@code p}. */
    public int node(int p) {
        return order[p];
    }

    /** The preorder number of {@code node}, -1 if unreachable. */
    public int preorder(int node) {
        return preorder[node];
    }

    /** The preorder number of the immediate dominator of preorder number {@code p}; -1 for the root. */
    public int idom(int p) {
        return idom[p];
    }

    /** Whether preorder number {@code a} dominates {@code p} (a node dominates itself). */
    public boolean dominates(int a, int p) {
        while (p > a) {
            p = idom[p];
        }
        return p == a;
    }

    /**
     * Retained sizes by preorder number: a node's shallow size plus its dominated children's retained sizes.
     *
     * @param shallow shallow size by node; nodes beyond its length (the virtual ones) weigh 0
     */
    public long[] retainedSizes(int[] shallow) {
        long[] retained = new long[reachable];
        for (int p = 0; p < reachable; p++) {
            int v = order[p];
            retained[p] = v < shallow.length ? shallow[v] : 0;
        }
        for (int p = reachable - 1; p > 0; p--) {
            retained[idom[p]] += retained[p];
        }
        return retained;
    }

    /** How many real nodes (below {@code realNodes}) each preorder number retains, itself included. */
    public int[] retainedCounts(int realNodes) {
        int[] counts = new int[reachable];
        for (int p = 0; p < reachable; p++) {
            counts[p] = order[p] < realNodes ? 1 : 0;
        }
        for (int p = reachable - 1; p > 0; p--) {
            counts[idom[p]] += counts[p];
        }
        return counts;
    }

    private void buildChildren() {
        if (children != null) {
            return;
        }
        childStart = spareOffsets != null ? spareOffsets : new int[reachable + 1];
        Arrays.fill(childStart, 0, reachable + 1, 0);
        // counted, summed to each list's end, filled backwards so the ends become starts (no cursor array)
        for (int p = 1; p < reachable; p++) {
            childStart[idom[p]]++;
        }
        for (int p = 1; p <= reachable; p++) {
            childStart[p] += childStart[p - 1];
        }
        children = spareChildren != null ? spareChildren : new int[Math.max(0, reachable - 1)];
        spareOffsets = null;
        spareChildren = null;
        for (int p = reachable - 1; p > 0; p--) {
            children[--childStart[idom[p]]] = p;
        }
    }

    /** The first index into {@link #child} of preorder number {@code p}'s dominated children. */
    public int firstChild(int p) {
        buildChildren();
        return childStart[p];
    }

    public int endChild(int p) {
        buildChildren();
        return childStart[p + 1];
    }

    /** The preorder number of a dominated child. */
    public int child(int index) {
        return children[index];
    }
}
