package dev.vigil.analyzer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.analyzer.graph.Digraph;
import dev.vigil.analyzer.graph.DominatorTree;
import dev.vigil.analyzer.graph.ShortestPaths;
import dev.vigil.analyzer.hprof.ClassTable;
import dev.vigil.analyzer.hprof.GcRoots;
import dev.vigil.analyzer.hprof.HeapDetails;
import dev.vigil.analyzer.hprof.HeapGraph;
import dev.vigil.analyzer.hprof.ReadListener;
import dev.vigil.analyzer.report.DeploymentRow;
import dev.vigil.analyzer.report.GcRootRow;
import dev.vigil.analyzer.report.HistogramRow;
import dev.vigil.analyzer.report.Report;
import dev.vigil.analyzer.report.Suspect;
import dev.vigil.analyzer.report.ThreadOriginRow;

/**
 * One analysis, start to end: reads the dump into a {@link HeapGraph}, names threads and loaders, adds a super-root
 * and one virtual node per thread origin, computes shortest paths and the dominator tree, and writes the tables.
 */
final class Analysis {

    private static final double SUSPECT_SHARE = Suspect.SHARE_PERCENT / 100;
    private static final int TOP_OBJECTS = 10;
    private static final int MAX_SUSPECTS = 20;
    /** A dominated child keeping at least this share of its dominator's retained heap is where the heap accumulates. */
    private static final double ACCUMULATION = 0.8;
    private static final int TOP_CLASSES = 5;

    private final Path dump;
    private final Path threadsFile;
    private final Progress progress;
    private final long started = System.nanoTime();
    private ReadListener listener;

    private HeapGraph heap;
    private ClassTable classes;
    private int n;
    private int classNodes;
    private int superRoot;
    private int groupBase;
    private HeapDetails details;
    private LoaderLabels loaders;
    private ThreadOrigins origins;
    private ShortestPaths paths;
    private DominatorTree dom;
    private long[] retained;
    private long heapBytes;
    private final List<String> deploymentNames = new ArrayList<>();
    private int[] depOfSlot;
    private int jdkDeployment;
    private long[] classInstances;
    private long[] classBytes;
    private final List<ThreadOriginRow> groupRows = new ArrayList<>();
    /** Where the descent from a candidate (a preorder number) ended (see accumulationPoint). */
    private final Map<Integer, Integer> descents = new HashMap<>();
    private final BitSet candidateNodes = new BitSet();

    Analysis(Path dump, Path threadsFile, Progress progress) {
        this.dump = dump;
        this.threadsFile = threadsFile;
        this.progress = progress;
    }

    Report run() throws IOException {
        listener = new ReadListener() {
            @Override
            public void phase(String name) {
                progress.phase(name);
            }

            @Override
            public void advanced(long done, long total) {
                progress.advanced(done, total);
            }
        };
        heap = HeapGraph.read(dump, listener);
        classes = heap.classes();
        n = heap.nodes();
        classNodes = heap.classNodes();
        superRoot = n;
        groupBase = n + 1;

        progress.phase("reading threads and class loaders");
        details = heap.readDetails(threadAndLoaderNodes(), listener);
        loaders = new LoaderLabels(heap, details);
        ThreadsCompanion census = null;
        String companionName = null;
        if (threadsFile != null && Files.isRegularFile(threadsFile)) {
            census = ThreadsCompanion.read(threadsFile);
            companionName = threadsFile.getFileName().toString();
        }
        origins = ThreadOrigins.resolve(heap, details, loaders, census);
        labelDeployments();

        Digraph graph = analysedGraph();
        progress.phase("shortest paths");
        paths = ShortestPaths.from(graph, superRoot);
        progress.phase("dominators");
        dom = DominatorTree.compute(graph, superRoot, true);
        graph = null;
        progress.phase("retained sizes");
        retained = dom.retainedSizes(heap.shallowSizes());
        heapBytes = retained[0];
        long objects = 0;
        for (int p = 0; p < dom.reachable(); p++) {
            if (dom.node(p) < n) {
                objects++;
            }
        }
        long allBytes = 0;
        for (int v = 0; v < n; v++) {
            allBytes += heap.shallow(v);
        }

        progress.phase("report");
        List<HistogramRow> histogram = histogram();
        List<DeploymentRow> deployments = deployments();
        List<GcRootRow> gcRoots = gcRoots();
        List<ThreadOriginRow> threadOrigins = threadOrigins();
        List<Suspect> suspects = suspects();
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Report(dump.getFileName().toString(), Files.size(dump), Instant.ofEpochMilli(heap.timestamp()), Instant.now(), millis,
                heapBytes, objects, allBytes - heapBytes, n - objects, classes.count(), companionName, suspects, threadOrigins,
                deployments, gcRoots, histogram);
    }

    // ---- threads and loaders

    private static final int STRING = 1;
    private static final int LOADER = 2;
    private static final int MODULE = 4;

    /** Threads and loaders, and the strings, loaders and modules they name (a few hops through the edges), to decode. */
    private BitSet threadAndLoaderNodes() {
        int[] category = new int[classes.slots()];
        for (int s = 0; s < classes.count(); s++) {
            String name = classes.name(s);
            if (name.equals("java.lang.String")) {
                category[s] = STRING;
            } else if (name.equals("org.jboss.modules.Module")) {
                category[s] = MODULE;
            } else if (classes.isSubclassOf(s, "java.lang.ClassLoader")) {
                category[s] = LOADER;
            }
        }
        BitSet wanted = new BitSet(n);
        BitSet expanded = new BitSet(n);
        IntStack work = new IntStack();
        GcRoots roots = heap.roots();
        for (int i = 0; i < roots.count(); i++) {
            if (roots.kind(i) == GcRoots.THREAD_OBJ && !expanded.get(roots.node(i))) {
                expanded.set(roots.node(i));
                work.push(roots.node(i));
            }
        }
        for (int s = 0; s < classes.count(); s++) {
            int loader = heap.loaderNode(s);
            if (loader >= 0 && !expanded.get(loader)) {
                expanded.set(loader);
                work.push(loader);
            }
        }
        while (!work.isEmpty()) {
            int x = work.pop();
            wanted.set(x);
            for (int e = heap.firstEdge(x), end = heap.endEdge(x); e < end; e++) {
                int y = heap.target(e);
                wanted.set(y);
                int slot = y < classNodes ? -1 : heap.classOf(y);
                if (slot >= 0 && category[slot] != 0 && !expanded.get(y)) {
                    expanded.set(y);
                    work.push(y);
                }
            }
        }
        return wanted;
    }

    private void labelDeployments() {
        Map<String, Integer> index = new HashMap<>();
        depOfSlot = new int[classes.slots()];
        for (int s = 0; s < classes.slots(); s++) {
            String label = s < classes.count() ? loaders.ofClass(s) : LoaderLabels.JDK;
            depOfSlot[s] = index.computeIfAbsent(label, l -> {
                deploymentNames.add(l);
                return deploymentNames.size() - 1;
            });
        }
        jdkDeployment = index.computeIfAbsent(LoaderLabels.JDK, l -> {
            deploymentNames.add(l);
            return deploymentNames.size() - 1;
        });
    }

    /** The deployment of a node: its class's; a class object counts for the deployment of the class it is. */
    private int deploymentOf(int v) {
        if (v < classNodes) {
            return depOfSlot[v];
        }
        int slot = heap.classOf(v);
        return slot < 0 ? jdkDeployment : depOfSlot[slot];
    }

    // ---- the analysed graph

    private Digraph analysedGraph() {
        List<ThreadOrigins.Group> groups = origins.groups;
        List<Set<Integer>> groupSuccessors = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            groupSuccessors.add(new LinkedHashSet<>());
        }
        IntStack rootSuccessors = new IntStack();
        for (int g = 0; g < groups.size(); g++) {
            rootSuccessors.push(groupBase + g);
        }
        GcRoots roots = heap.roots();
        for (int i = 0; i < roots.count(); i++) {
            if (roots.kind(i) == GcRoots.THREAD_OBJ) {
                ThreadOrigins.Group g = origins.groupOfSerial(roots.threadSerial(i));
                if (g != null) {
                    groupSuccessors.get(g.index).add(roots.node(i));
                }
            }
        }
        BitSet direct = new BitSet(n);
        for (int i = 0; i < roots.count(); i++) {
            int kind = roots.kind(i);
            int v = roots.node(i);
            if (kind != GcRoots.THREAD_OBJ && origins.threadOfNode(v) != null) {
                continue; // a live thread is held by running, under its own origin: not by another root (a local of another thread, a JNI handle)
            }
            if (kind == GcRoots.THREAD_OBJ || kind == GcRoots.JAVA_FRAME || kind == GcRoots.JNI_LOCAL) {
                ThreadOrigins.Group g = origins.groupOfSerial(roots.threadSerial(i));
                if (g != null) {
                    groupSuccessors.get(g.index).add(v);
                    continue;
                }
            }
            if (!direct.get(v)) {
                direct.set(v);
                rootSuccessors.push(v);
            }
        }
        int[][] extra = new int[1 + groups.size()][];
        extra[0] = rootSuccessors.toArray();
        for (int g = 0; g < groups.size(); g++) {
            extra[1 + g] = groupSuccessors.get(g).stream().mapToInt(Integer::intValue).toArray();
        }
        int[][] edges = heap.takeEdges();
        return new Digraph(n, edges[0], edges[1], extra);
    }

    // ---- tables

    private List<HistogramRow> histogram() {
        classInstances = new long[classes.slots()];
        classBytes = new long[classes.slots()];
        for (int p = 1; p < dom.reachable(); p++) {
            int v = dom.node(p);
            if (v >= n) {
                continue;
            }
            int slot = heap.classOf(v);
            if (slot >= 0) {
                classInstances[slot]++;
                classBytes[slot] += heap.shallow(v);
            }
        }
        return topRows(classInstances, classBytes, Report.HISTOGRAM_ROWS);
    }

    private List<HistogramRow> topRows(long[] instances, long[] bytes, int limit) {
        List<Integer> slots = new ArrayList<>();
        for (int s = 0; s < instances.length; s++) {
            if (instances[s] > 0) {
                slots.add(s);
            }
        }
        slots.sort(Comparator.<Integer>comparingLong(s -> -bytes[s]).thenComparing(s -> classes.name(s)));
        List<HistogramRow> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, slots.size()); i++) {
            int s = slots.get(i);
            rows.add(new HistogramRow(classes.name(s), deploymentNames.get(depOfSlot[s]), instances[s], bytes[s]));
        }
        return rows;
    }

    /** By preorder number: the deployment each object's heap counts for (see {@link #deployments}). */
    private int[] owner;
    /** By deployment index: an application's (not jdk, not server). */
    private boolean[] application;

    private List<DeploymentRow> deployments() {
        int d = deploymentNames.size();
        long[] objects = new long[d];
        long[] shallow = new long[d];
        long[] kept = new long[d];
        int[] classCount = new int[d];
        for (int s = 0; s < classes.count(); s++) {
            classCount[depOfSlot[s]]++;
        }
        for (int p = 1; p < dom.reachable(); p++) {
            int v = dom.node(p);
            if (v < n) {
                int dep = deploymentOf(v);
                objects[dep]++;
                shallow[dep] += heap.shallow(v);
            }
        }
        // Each object's heap belongs to the nearest application deployment whose object keeps it alive (dominates
        // it), else to its own class's loader (jdk, server): one pass in preorder, a dominator coming before what it
        // dominates. The rows add up to the heap, and a deployment's row is what it keeps, JDK objects included.
        application = new boolean[d];
        for (int i = 0; i < d; i++) {
            String name = deploymentNames.get(i);
            application[i] = !name.equals(LoaderLabels.JDK) && !name.equals(LoaderLabels.SERVER);
        }
        owner = new int[dom.reachable()];
        owner[0] = -1;
        for (int p = 1; p < dom.reachable(); p++) {
            int v = dom.node(p);
            int above = owner[dom.idom(p)];
            int own = v < n ? deploymentOf(v) : -1;
            owner[p] = above >= 0 && application[above] ? above : own >= 0 ? own : above;
            if (v < n) {
                kept[owner[p]] += heap.shallow(v);
            }
        }
        List<DeploymentRow> rows = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            if (objects[i] > 0 || classCount[i] > 0) {
                rows.add(new DeploymentRow(deploymentNames.get(i), kept[i], Names.percent(kept[i], heapBytes), objects[i], shallow[i], classCount[i]));
            }
        }
        rows.sort(Comparator.comparingLong(DeploymentRow::retainedBytes).reversed().thenComparing(DeploymentRow::deployment));
        return rows;
    }

    private List<GcRootRow> gcRoots() {
        Map<Integer, long[]> byKind = new LinkedHashMap<>();
        Set<Long> counted = new HashSet<>();
        GcRoots roots = heap.roots();
        for (int i = 0; i < roots.count(); i++) {
            int kind = roots.kind(i);
            int v = roots.node(i);
            long[] row = byKind.computeIfAbsent(kind, k -> new long[2]);
            row[0]++;
            int p = dom.preorder(v);
            if (p > 0) {
                int holder = dom.node(dom.idom(p));
                boolean threadBound = kind == GcRoots.THREAD_OBJ || kind == GcRoots.JAVA_FRAME || kind == GcRoots.JNI_LOCAL;
                if ((holder == superRoot || threadBound && holder >= groupBase) && counted.add(((long) kind << 32) | v)) {
                    row[1] += retained[p];
                }
            }
        }
        List<GcRootRow> rows = new ArrayList<>();
        byKind.forEach((kind, row) -> rows.add(new GcRootRow(GcRoots.words(kind), row[0], row[1])));
        rows.sort(Comparator.comparingLong(GcRootRow::retainedBytes).reversed().thenComparing(GcRootRow::kind));
        return rows;
    }

    private List<ThreadOriginRow> threadOrigins() {
        for (ThreadOrigins.Group g : origins.groups) {
            int p = dom.preorder(groupBase + g.index);
            long kept = p < 0 ? 0 : retained[p];
            List<String> samples = new ArrayList<>();
            for (int t = 0; t < Math.min(3, g.threads.size()); t++) {
                samples.add(g.threads.get(t).name());
            }
            groupRows.add(new ThreadOriginRow(g.entry, g.creator, g.deployment, g.threads.size(), kept, Names.percent(kept, heapBytes), samples));
        }
        List<ThreadOriginRow> rows = new ArrayList<>(groupRows);
        rows.sort(Comparator.comparingLong(ThreadOriginRow::retainedBytes).reversed().thenComparing(ThreadOriginRow::entry));
        return rows;
    }

    // ---- suspects

    /** A suspect being built: a thread group's virtual node or an object, by preorder number. */
    private static final class Candidate {
        final int p;
        final int group;
        final long kept;
        List<HistogramRow> topClasses;
        /** The real objects it keeps, itself included. */
        long objects;
        int pathTarget;
        int[] path;

        Candidate(int p, int group, long kept) {
            this.p = p;
            this.group = group;
            this.kept = kept;
        }

        boolean threads() {
            return group >= 0;
        }
    }

    private List<Suspect> suspects() throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        Set<Integer> threadSuspectGroups = new HashSet<>();
        for (ThreadOrigins.Group g : origins.groups) {
            int p = dom.preorder(groupBase + g.index);
            if (p > 0 && retained[p] >= SUSPECT_SHARE * heapBytes && retained[p] > 0) {
                candidates.add(new Candidate(p, g.index, retained[p]));
                threadSuspectGroups.add(g.index);
            }
        }
        // an object a threads suspect keeps is part of that suspect, not one of its own
        BitSet insideThreadSuspect = new BitSet(dom.reachable());
        for (Candidate c : candidates) {
            insideThreadSuspect.set(c.p);
        }
        for (int p = 1; p < dom.reachable(); p++) {
            if (insideThreadSuspect.get(dom.idom(p))) {
                insideThreadSuspect.set(p);
            }
        }
        Set<Integer> points = new LinkedHashSet<>();
        List<Integer> big = bigObjects(insideThreadSuspect);
        big.forEach(candidateNodes::set);
        for (int p : big) {
            int point = accumulationPoint(p);
            int v = dom.node(point);
            ThreadOrigins.ThreadInfo thread = origins.threadOfNode(v);
            if (thread != null && threadSuspectGroups.contains(origins.groupOfSerial(thread.serial()).index)) {
                continue;
            }
            points.add(point);
        }
        for (int point : points) {
            candidates.add(new Candidate(point, -1, retained[point]));
        }
        candidates.sort(Comparator.comparingLong((Candidate c) -> -c.kept).thenComparing(c -> c.threads() ? 0 : 1));
        if (candidates.size() > MAX_SUSPECTS) {
            candidates = new ArrayList<>(candidates.subList(0, MAX_SUSPECTS));
        }
        BitSet onPaths = new BitSet(n);
        for (Candidate c : candidates) {
            walk(c);
            c.path = paths.pathTo(c.pathTarget);
            for (int v : c.path) {
                if (v < n) {
                    onPaths.set(v);
                }
            }
        }
        progress.phase("reading the suspects' paths");
        HeapDetails pathDetails = onPaths.isEmpty() ? details : heap.readDetails(onPaths, listener);
        PathNames names = new PathNames(heap, pathDetails, origins, groupBase);
        List<Suspect> suspects = new ArrayList<>();
        for (Candidate c : candidates) {
            suspects.add(suspect(suspects.size() + 1, c, names));
        }
        return suspects;
    }

    /** Preorder numbers of the real objects keeping at least the suspect share, and of the top few regardless; none of {@code excluded}. */
    private List<Integer> bigObjects(BitSet excluded) {
        long threshold = (long) Math.ceil(SUSPECT_SHARE * heapBytes);
        List<Integer> big = new ArrayList<>();
        int[] top = new int[TOP_OBJECTS];
        int topSize = 0;
        for (int p = 1; p < dom.reachable(); p++) {
            if (dom.node(p) >= n || excluded.get(p)) {
                continue;
            }
            long r = retained[p];
            if (r >= threshold && big.size() < 1000) {
                big.add(p);
            }
            if (topSize < TOP_OBJECTS || r > retained[top[topSize - 1]]) {
                int i = Math.min(topSize, TOP_OBJECTS - 1);
                while (i > 0 && retained[top[i - 1]] < r) {
                    top[i] = top[i - 1];
                    i--;
                }
                top[i] = p;
                topSize = Math.min(TOP_OBJECTS, topSize + 1);
            }
        }
        for (int i = 0; i < topSize; i++) {
            if (!big.contains(top[i])) {
                big.add(top[i]);
            }
        }
        return big;
    }

    /**
     * Where the heap {@code p} keeps accumulates: down the dominator tree while one child keeps most of it; then,
     * if that is an array, the object owning it (a HashMap rather than its table, a class rather than its static's array).
     */
    private int accumulationPoint(int p) {
        // the descent from a node is the same whichever candidate above it started it: remembered for the candidates
        // it passes, so a chain of candidates (a long linked list) is walked once, not once per candidate
        List<Integer> walked = new ArrayList<>();
        int x = p;
        while (true) {
            Integer known = descents.get(x);
            if (known != null) {
                x = known;
                break;
            }
            if (candidateNodes.get(x)) {
                walked.add(x);
            }
            int best = -1;
            for (int c = dom.firstChild(x), end = dom.endChild(x); c < end; c++) {
                int q = dom.child(c);
                if (best < 0 || retained[q] > retained[best]) {
                    best = q;
                }
            }
            if (best < 0 || dom.node(best) >= n || retained[best] < ACCUMULATION * retained[x]) {
                break;
            }
            x = best;
        }
        for (int w : walked) {
            descents.put(w, x);
        }
        int v = dom.node(x);
        if (v >= classNodes && classes.isArray(heap.classOf(v))) {
            int owner = dom.idom(x);
            int ownerNode = dom.node(owner);
            if (owner > 0 && ownerNode < n && (ownerNode < classNodes || !classes.isArray(heap.classOf(ownerNode)))
                    && retained[x] >= ACCUMULATION * retained[owner]) {
                return owner;
            }
        }
        return x;
    }

    /** Walks a candidate's dominator subtree for its top classes; picks where its path leads. */
    private void walk(Candidate c) {
        long[] instances = new long[classes.slots()];
        long[] bytes = new long[classes.slots()];
        IntStack stack = new IntStack();
        stack.push(c.p);
        while (!stack.isEmpty()) {
            int q = stack.pop();
            int v = dom.node(q);
            if (v < n) {
                c.objects++;
                int slot = heap.classOf(v);
                if (slot >= 0) {
                    instances[slot]++;
                    bytes[slot] += heap.shallow(v);
                }
            }
            for (int k = dom.firstChild(q), end = dom.endChild(q); k < end; k++) {
                stack.push(dom.child(k));
            }
        }
        c.topClasses = topRows(instances, bytes, TOP_CLASSES);
        c.pathTarget = c.threads() ? heaviestLeaf(c.p) : dom.node(c.p);
    }

    /** Down the dominator tree from {@code p}, always into the child keeping most, to a leaf: where a thread suspect's path leads. */
    private int heaviestLeaf(int p) {
        int x = p;
        while (true) {
            int best = -1;
            for (int c = dom.firstChild(x), end = dom.endChild(x); c < end; c++) {
                int q = dom.child(c);
                if (dom.node(q) < n && (best < 0 || retained[q] > retained[best])) {
                    best = q;
                }
            }
            if (best < 0) {
                return dom.node(x);
            }
            x = best;
        }
    }

    private Suspect suspect(int rank, Candidate c, PathNames names) {
        PathNames.Named path = names.name(c.path);
        double percent = Names.percent(c.kept, heapBytes);
        String mostly = "";
        if (!c.topClasses.isEmpty()) {
            HistogramRow top = c.topClasses.get(0);
            mostly = ", mostly " + top.className() + " (" + Names.count(top.instances()) + (top.instances() == 1 ? " instance)" : " instances)");
        }
        if (c.threads()) {
            ThreadOrigins.Group g = origins.groups.get(c.group);
            ThreadOriginRow row = groupRows.get(c.group);
            int count = g.threads.size();
            String origin = ThreadOriginRow.UNKNOWN.equals(g.creator) ? g.deployment : "created by " + g.creator + ", " + g.deployment;
            String description = (count == 1 ? "One thread of " : Names.count(count) + " threads of ") + g.entry + " (" + origin + ") "
                    + (count == 1 ? "keeps " : "keep ") + Names.bytes(c.kept) + " alive, " + Names.percentText(percent) + " of the heap" + mostly + ".";
            return new Suspect(rank, Suspect.THREADS, description, c.kept, percent, g.entry, g.deployment, row, path.elements(), count,
                    c.objects, c.topClasses);
        }
        int v = dom.node(c.p);
        boolean classObject = v < classNodes;
        int slot = classObject ? v : heap.classOf(v);
        String className = slot < 0 ? "unknown" : classes.name(slot);
        int own = deploymentOf(v);
        // a JDK class's object (a HashMap) that an application's object keeps is that application's: say whose
        int keeper = owner[c.p];
        boolean kept = !application[own] && keeper >= 0 && application[keeper];
        String deployment = deploymentNames.get(kept ? keeper : own);
        long instances = classObject ? 1 : slot < 0 ? 1 : classInstances[slot];
        String holder = path.heldBy() == null ? (kept ? ", kept by " + deployment : "") : ", held by " + path.heldBy() + (kept ? " (" + deployment + ")" : "");
        String description = (classObject ? "The class " : "One ") + className + " (" + deploymentNames.get(own) + ") keeps " + Names.bytes(c.kept) + " alive, "
                + Names.percentText(percent) + " of the heap" + mostly + holder + ".";
        ThreadOriginRow origin = path.group() < 0 ? null : groupRows.get(path.group());
        return new Suspect(rank, Suspect.OBJECT, description, c.kept, percent, className, deployment, origin, path.elements(), instances,
                c.objects, c.topClasses);
    }

    /** A growing int stack. */
    static final class IntStack {
        private int[] items = new int[256];
        private int size;

        void push(int v) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        int pop() {
            return items[--size];
        }

        boolean isEmpty() {
            return size == 0;
        }

        int[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
