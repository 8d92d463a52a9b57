package dev.vigil.analyzer.graph;

import java.util.Arrays;

/**
 * Breadth-first search from one node: each reached node's parent on a shortest path to it, a path through weak edges
 * only where there is none without (a weakly referenced object is not what keeps it alive).
 */
public final class ShortestPaths {

    private final int[] parent;

    private ShortestPaths(int[] parent) {
        this.parent = parent;
    }

    /** Successors are visited in edge order, so a source listing some successors first prefers paths through them. */
    public static ShortestPaths from(Digraph graph, int source) {
        int n = graph.nodes();
        int[] parent = new int[n];
        Arrays.fill(parent, -1);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        parent[source] = source;
        queue[tail++] = source;
        // first without weak edges, noting the nodes whose weak edges lead somewhere new; then from those, with all
        // edges, for what only weak edges reach
        int[] weakSources = new int[64];
        int sources = 0;
        while (head < tail) {
            int v = queue[head++];
            for (int e = graph.first(v), end = graph.end(v); e < end; e++) {
                int w = graph.target(e);
                if (parent[w] >= 0) {
                    continue;
                }
                if (graph.isWeak(e)) {
                    if (sources == 0 || weakSources[sources - 1] != v) {
                        if (sources == weakSources.length) {
                            weakSources = Arrays.copyOf(weakSources, sources * 2);
                        }
                        weakSources[sources++] = v;
                    }
                    continue;
                }
                parent[w] = v;
                queue[tail++] = w;
            }
        }
        for (int s = 0; s < sources; s++) {
            int u = weakSources[s];
            for (int e = graph.first(u), end = graph.end(u); e < end; e++) {
                int w = graph.target(e);
                if (parent[w] < 0) {
                    parent[w] = u;
                    queue[tail++] = w;
                }
            }
            while (head < tail) {
                int v = queue[head++];
                for (int e = graph.first(v), end = graph.end(v); e < end; e++) {
                    int w = graph.target(e);
                    if (parent[w] < 0) {
                        parent[w] = v;
                        queue[tail++] = w;
                    }
                }
            }
        }
        return new ShortestPaths(parent);
    }

    /** The parent of {@code node} on a shortest path, the source's own for the source, -1 if unreached. */
    public int parent(int node) {
        return parent[node];
    }

    /** The path from the source to {@code node}, source first; empty if unreached. */
    public int[] pathTo(int node) {
        if (parent[node] < 0) {
            return new int[0];
        }
        int length = 1;
        for (int v = node; parent[v] != v; v = parent[v]) {
            length++;
        }
        int[] path = new int[length];
        int i = length - 1;
        for (int v = node; ; v = parent[v]) {
            path[i--] = v;
            if (parent[v] == v) {
                break;
            }
        }
        return path;
    }
}
