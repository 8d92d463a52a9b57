package dev.vigil.analyzer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The semi-NCA dominators against the definition (d dominates v when v is unreachable from the root without d), on random graphs. */
class DominatorTreeTest {

    @Test
    void matchesTheDefinitionOnRandomGraphs() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            int heapNodes = 2 + random.nextInt(40);
            int edges = random.nextInt(heapNodes * 3);
            List<List<Integer>> successors = new ArrayList<>();
            for (int v = 0; v < heapNodes; v++) {
                successors.add(new ArrayList<>());
            }
            for (int e = 0; e < edges; e++) {
                successors.get(random.nextInt(heapNodes)).add(random.nextInt(heapNodes));
            }
            // one virtual root after the heap nodes, pointing at a few of them
            int[] rootSuccessors = random.ints(1 + random.nextInt(3), 0, heapNodes).toArray();
            int[] offsets = new int[heapNodes + 1];
            List<Integer> targets = new ArrayList<>();
            for (int v = 0; v < heapNodes; v++) {
                offsets[v] = targets.size();
                targets.addAll(successors.get(v));
            }
            offsets[heapNodes] = targets.size();
            Digraph graph = new Digraph(heapNodes, offsets, targets.stream().mapToInt(Integer::intValue).toArray(), new int[][] {rootSuccessors});
            int root = heapNodes;
            DominatorTree tree = DominatorTree.compute(graph, root, false);
            boolean[] reachable = reach(graph, root, -1);
            for (int v = 0; v < graph.nodes(); v++) {
                if (!reachable[v]) {
                    assertEquals(-1, tree.preorder(v));
                    continue;
                }
                if (v == root) {
                    continue;
                }
                // the immediate dominator: the dominator of v that every other strict dominator dominates
                List<Integer> dominators = new ArrayList<>();
                for (int d = 0; d < graph.nodes(); d++) {
                    if (d != v && reachable[d] && !reach(graph, root, d)[v]) {
                        dominators.add(d);
                    }
                }
                int idom = -1;
                for (int d : dominators) {
                    // d is the immediate dominator if every other strict dominator of v dominates d
                    boolean nearest = true;
                    for (int other : dominators) {
                        if (other != d && reach(graph, root, other)[d]) {
                            nearest = false;
                        }
                    }
                    if (nearest) {
                        idom = d;
                    }
                }
                assertEquals(idom, tree.node(tree.idom(tree.preorder(v))), "round " + round + " node " + v);
            }
            long[] retained = tree.retainedSizes(new int[heapNodes]);
            assertEquals(0, retained[0]);
        }
    }

    @Test
    void retainedSizesAddUpAlongAChainMillionsDeep() {
        int n = 2_000_000;
        int[] offsets = new int[n + 1];
        int[] targets = new int[n - 1];
        for (int v = 0; v < n; v++) {
            offsets[v] = Math.min(v, n - 1);
            if (v < n - 1) {
                targets[v] = v + 1;
            }
        }
        offsets[n] = n - 1;
        Digraph graph = new Digraph(n, offsets, targets, new int[][] {{0}});
        DominatorTree tree = DominatorTree.compute(graph, n, true);
        int[] shallow = new int[n];
        Arrays.fill(shallow, 8);
        long[] retained = tree.retainedSizes(shallow);
        assertEquals(8L * n, retained[0]);
        assertEquals(8L * n, retained[tree.preorder(0)]);
        assertEquals(8L, retained[tree.preorder(n - 1)]);
    }

    private static boolean[] reach(Digraph graph, int root, int without) {
        boolean[] seen = new boolean[graph.nodes()];
        if (root == without) {
            return seen;
        }
        int[] stack = new int[graph.nodes() * 4 + 4];
        int sp = 0;
        stack[sp++] = root;
        seen[root] = true;
        while (sp > 0) {
            int v = stack[--sp];
            for (int e = graph.first(v); e < graph.end(v); e++) {
                int w = graph.target(e);
                if (w != without && !seen[w]) {
                    seen[w] = true;
                    stack[sp++] = w;
                }
            }
        }
        return seen;
    }
}
