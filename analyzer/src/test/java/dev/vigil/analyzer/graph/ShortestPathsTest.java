package dev.vigil.analyzer.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Shortest paths prefer strong edges: a weak one (a referent) only where nothing else reaches. */
class ShortestPathsTest {

    @Test
    void aLongerStrongPathBeatsAShortWeakOne() {
        // 0 -weak-> 3; 0 -> 1 -> 2 -> 3; 3 -weak-> 4 (the only way to 4); the super-root 5 -> 0
        int[] offsets = {0, 2, 3, 4, 5, 5};
        int[] targets = {3 | Digraph.WEAK, 1, 2, 3, 4 | Digraph.WEAK};
        Digraph graph = new Digraph(5, offsets, targets, new int[][] {{0}});
        ShortestPaths paths = ShortestPaths.from(graph, 5);
        assertArrayEquals(new int[] {5, 0, 1, 2, 3}, paths.pathTo(3));
        assertArrayEquals(new int[] {5, 0, 1, 2, 3, 4}, paths.pathTo(4));
        assertArrayEquals(new int[] {5}, paths.pathTo(5));
    }
}
