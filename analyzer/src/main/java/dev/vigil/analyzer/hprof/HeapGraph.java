package dev.vigil.analyzer.hprof;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A heap dump as a compact graph: node {@code k < classNodes()} is the class object of class slot {@code k}, the
 * nodes after it the instances and arrays in file order. Per node only ints: its class slot, its shallow size (see
 * {@link SizeModel}) and its outgoing references as CSR ({@code offsets}, {@code targets}). Read in two passes: the
 * first collects strings, classes, frames, roots and the object ids; the second resolves every reference to a node.
 * <p>
 * Edges: an instance to each non-null reference field and to its class; an object array to each non-null element; a
 * class to its static reference fields, constant-pool references, class loader and super class. References to ids the
 * dump lacks are dropped, and so are references into live threads ({@code ROOT_THREAD_OBJ}): a running thread is held
 * by running, not by its thread group.
 */
public final class HeapGraph {

    /**
     * Marks an edge that is a {@code java.lang.ref.Reference.referent} (weak, soft, phantom, final): it counts as any
     * other for retained sizes, but shortest paths take it only when no path without one exists.
     */
    public static final int WEAK = 0x8000_0000;
    public static final int NODE = 0x7FFF_FFFF;

    private final Path file;
    private final int idSize;
    private final long timestamp;
    private final ClassTable classes;
    private final StackTraces traces;
    private GcRoots roots;
    private final int classNodes;
    private final int nodes;
    private final int javaLangClass;
    int[] nodeClass;
    int[] shallow;
    /** Per class slot: the node of its class loader, -1 for the boot loader or one the dump lacks. */
    int[] loaderNodes;
    int[] offsets;
    int[] targets;

    private HeapGraph(Path file, int idSize, long timestamp, ClassTable classes, StackTraces traces, int nodes) {
        this.file = file;
        this.idSize = idSize;
        this.timestamp = timestamp;
        this.classes = classes;
        this.traces = traces;
        this.classNodes = classes.count();
        this.nodes = nodes;
        this.javaLangClass = classes.slotNamed("java.lang.Class");
    }

    public static HeapGraph read(Path file, ReadListener listener) throws IOException {
        listener.phase("reading classes and objects");
        ScanPass scan = new ScanPass();
        HprofRecords.read(file, scan, listener);
        ClassTable classes = scan.classTable();
        StackTraces traces = scan.traces();
        long objects = scan.objectIds.size();
        if (objects + classes.count() >= Integer.MAX_VALUE - 1024) {
            throw new IOException("too many objects for one analysis: " + objects);
        }
        HeapGraph graph = new HeapGraph(file, scan.idSize, scan.timestamp, classes, traces, (int) objects + classes.count());
        ObjectIdIndex index = new ObjectIdIndex(scan.objectIds.toArray());
        graph.roots = scan.roots(graph, index);
        BitSet liveThreads = new BitSet(graph.nodes);
        for (int i = 0; i < graph.roots.count(); i++) {
            if (graph.roots.kind(i) == GcRoots.THREAD_OBJ) {
                liveThreads.set(graph.roots.node(i));
            }
        }
        scan = null;
        listener.phase("reading references");
        GraphPass pass = new GraphPass(graph, index, liveThreads);
        HprofRecords.read(file, pass, listener);
        pass.finish();
        return graph;
    }

    int nodeOf(long id, ObjectIdIndex index) {
        int p = index.indexOf(id); // most references are to objects: looked up first
        return p >= 0 ? classNodes + p : classes.slotOf(id);
    }

    public Path file() {
        return file;
    }

    public int idSize() {
        return idSize;
    }

    /** The header's time stamp, milliseconds since the epoch. */
    public long timestamp() {
        return timestamp;
    }

    public ClassTable classes() {
        return classes;
    }

    public StackTraces traces() {
        return traces;
    }

    public GcRoots roots() {
        return roots;
    }

    /** All nodes: class objects, then instances and arrays. */
    public int nodes() {
        return nodes;
    }

    /** Nodes below this are class objects (node k is class slot k). */
    public int classNodes() {
        return classNodes;
    }

    public boolean isClassObject(int node) {
        return node < classNodes;
    }

    /** The class slot of an instance or array; for a class object, the slot of {@code java.lang.Class} (-1 if absent). */
    public int classOf(int node) {
        return nodeClass[node];
    }

    /** The node of class slot {@code slot}'s loader; -1 for the boot loader (or a loader the dump lacks). */
    public int loaderNode(int slot) {
        return slot < classNodes ? loaderNodes[slot] : -1;
    }

    public int shallow(int node) {
        return shallow[node];
    }

    /** Per node shallow sizes (shared, not copied). */
    public int[] shallowSizes() {
        return shallow;
    }

    public int firstEdge(int node) {
        return offsets[node];
    }

    public int endEdge(int node) {
        return offsets[node + 1];
    }

    public int target(int edge) {
        return targets[edge] & NODE;
    }

    /** Hands the edge arrays over (CSR offsets, then targets, a referent's marked {@link #WEAK}) and forgets them, so the caller may free them early. */
    public int[][] takeEdges() {
        int[][] edges = {offsets, targets};
        offsets = null;
        targets = null;
        return edges;
    }

    /** One more pass: decodes the fields of the wanted instances and the first bytes of the wanted primitive arrays. */
    public HeapDetails readDetails(BitSet wanted, ReadListener listener) throws IOException {
        DetailPass pass = new DetailPass(this, wanted);
        HprofRecords.read(file, pass, listener);
        return pass.details;
    }

    /** Pass 1: everything but the references. */
    private static final class ScanPass extends HeapVisitor {
        int idSize;
        long timestamp;
        final LongIntMap stringIndex = new LongIntMap(1 << 16);
        final List<String> strings = new ArrayList<>();
        final LongIntMap classNameId = new LongIntMap(1 << 12);
        final List<Long> loadClassNames = new ArrayList<>();
        final Map<Integer, Long> classSerialNames = new HashMap<>();
        final LongIntMap frameIndex = new LongIntMap(1 << 12);
        final List<long[]> frames = new ArrayList<>();
        final List<int[]> traceHeads = new ArrayList<>();
        final List<long[]> traceFrames = new ArrayList<>();
        final List<ClassDump> classDumps = new ArrayList<>();
        final GrowingLongs objectIds = new GrowingLongs();
        final GrowingInts rootKinds = new GrowingInts();
        final GrowingLongs rootIds = new GrowingLongs();
        final GrowingInts rootThreads = new GrowingInts();
        final GrowingInts rootExtras = new GrowingInts();

        @Override
        boolean wantsMetadata() {
            return true;
        }

        @Override
        void header(int idSize, long timeMillis) {
            this.idSize = idSize;
            this.timestamp = timeMillis;
        }

        @Override
        void utf8(long id, byte[] bytes, int offset, int length) {
            stringIndex.put(id, strings.size());
            strings.add(HprofRecords.utf8String(bytes, offset, length));
        }

        @Override
        void loadClass(int serial, long classId, long nameId) {
            classNameId.put(classId, loadClassNames.size());
            loadClassNames.add(nameId);
            classSerialNames.put(serial, nameId);
        }

        @Override
        void stackFrame(long frameId, long methodNameId, long sourceFileId, int classSerial, int line) {
            frameIndex.put(frameId, frames.size());
            frames.add(new long[] {methodNameId, classSerial});
        }

        @Override
        void stackTrace(int serial, int threadSerial, long[] frameIds) {
            traceHeads.add(new int[] {serial, threadSerial});
            traceFrames.add(frameIds);
        }

        @Override
        void root(int tag, long objectId, int threadSerial, int extra) {
            rootKinds.add(tag);
            rootIds.add(objectId);
            rootThreads.add(threadSerial);
            rootExtras.add(extra);
        }

        @Override
        void classDump(ClassDump dump) {
            classDumps.add(dump);
        }

        @Override
        void instance(long id, long classId, byte[] bytes, int offset, int length) {
            objectIds.add(id);
        }

        @Override
        boolean objectArray(long id, long classId, int length) {
            objectIds.add(id);
            return false;
        }

        @Override
        boolean primitiveArray(long id, int type, int length) {
            objectIds.add(id);
            return false;
        }

        private String string(long id) {
            int s = stringIndex.get(id, -1);
            return s < 0 ? null : strings.get(s);
        }

        ClassTable classTable() {
            // class id -> index of its name in strings
            LongIntMap nameOfClass = new LongIntMap(classDumps.size());
            for (ClassDump d : classDumps) {
                int lc = classNameId.get(d.id, -1);
                if (lc >= 0) {
                    int s = stringIndex.get(loadClassNames.get(lc), -1);
                    if (s >= 0) {
                        nameOfClass.put(d.id, s);
                    }
                }
            }
            ClassTable table = new ClassTable(idSize, classDumps, nameOfClass, strings.toArray(new String[0]), stringIndex);
            classDumps.clear();
            return table;
        }

        StackTraces traces() {
            StackTraces out = new StackTraces();
            for (int t = 0; t < traceHeads.size(); t++) {
                long[] ids = traceFrames.get(t);
                List<StackTraces.Frame> list = new ArrayList<>(ids.length);
                for (long frameId : ids) {
                    int f = frameIndex.get(frameId, -1);
                    if (f < 0) {
                        continue;
                    }
                    long[] frame = frames.get(f);
                    Long classNameId = classSerialNames.get((int) frame[1]);
                    String className = classNameId == null ? null : string(classNameId);
                    String method = string(frame[0]);
                    list.add(new StackTraces.Frame(className == null ? "unknown" : HprofTypes.javaClassName(className),
                            method == null ? "unknown" : method));
                }
                out.put(traceHeads.get(t)[0], list);
            }
            return out;
        }

        GcRoots roots(HeapGraph graph, ObjectIdIndex index) {
            int n = (int) rootKinds.size();
            int[] kinds = new int[n];
            int[] threads = new int[n];
            int[] extras = new int[n];
            rootKinds.moveTo(kinds, 0);
            rootThreads.moveTo(threads, 0);
            rootExtras.moveTo(extras, 0);
            long[] ids = rootIds.toArray();
            int kept = 0;
            int[] nodes = new int[n];
            for (int i = 0; i < n; i++) {
                int node = graph.nodeOf(ids[i], index);
                if (node < 0) {
                    continue; // a root naming an object the dump lacks (HotSpot writes a few)
                }
                kinds[kept] = kinds[i];
                threads[kept] = threads[i];
                extras[kept] = extras[i];
                nodes[kept] = node;
                kept++;
            }
            return new GcRoots(kept, kinds, nodes, threads, extras);
        }
    }

    /** Pass 2: node classes, shallow sizes and references. */
    private static final class GraphPass extends HeapVisitor {
        private final HeapGraph graph;
        private final ClassTable classes;
        private final ObjectIdIndex index;
        private final BitSet liveThreads;
        private final int idSize;
        private final int classNodes;
        private final int[][] classEdges;
        private final GrowingInts objectEdges = new GrowingInts();
        private int classCursor;
        private int objectCursor;
        private final int[] scratch = new int[1024];

        GraphPass(HeapGraph graph, ObjectIdIndex index, BitSet liveThreads) {
            this.graph = graph;
            this.classes = graph.classes;
            this.index = index;
            this.liveThreads = liveThreads;
            this.idSize = graph.idSize;
            this.classNodes = graph.classNodes;
            this.classEdges = new int[classNodes][];
            graph.nodeClass = new int[graph.nodes];
            graph.shallow = new int[graph.nodes];
            graph.offsets = new int[graph.nodes + 1];
            graph.loaderNodes = new int[classNodes];
        }

        private int resolve(long id) {
            if (id == 0) {
                return -1;
            }
            int node = graph.nodeOf(id, index);
            return node < 0 || liveThreads.get(node) ? -1 : node;
        }

        @Override
        void classDump(ClassDump d) {
            int slot = classCursor++;
            int[] edges = new int[d.staticValues.length + d.constantPoolRefs.length + 2];
            int n = 0;
            for (int i = 0; i < d.staticValues.length; i++) {
                if (d.staticTypes[i] == HprofTypes.OBJECT) {
                    int t = resolve(d.staticValues[i]);
                    if (t >= 0) {
                        edges[n++] = t;
                    }
                }
            }
            for (long ref : d.constantPoolRefs) {
                int t = resolve(ref);
                if (t >= 0) {
                    edges[n++] = t;
                }
            }
            int loader = resolve(d.loaderId);
            graph.loaderNodes[slot] = loader;
            if (loader >= 0) {
                edges[n++] = loader;
            }
            int sup = resolve(d.superId);
            if (sup >= 0) {
                edges[n++] = sup;
            }
            classEdges[slot] = java.util.Arrays.copyOf(edges, n);
            graph.nodeClass[slot] = graph.javaLangClass;
            graph.shallow[slot] = classes.classShallow[slot];
        }

        private int startObject() {
            int node = classNodes + objectCursor++;
            graph.offsets[node] = (int) objectEdges.size();
            return node;
        }

        @Override
        void instance(long id, long classId, byte[] bytes, int offset, int length) {
            int node = startObject();
            int slot = classes.slotOf(classId);
            graph.nodeClass[node] = slot;
            if (slot < 0) {
                graph.shallow[node] = SizeModel.instance(length);
                return;
            }
            graph.shallow[node] = classes.instanceShallow[slot];
            objectEdges.add(slot);
            int[] refs = classes.referenceOffsets[slot];
            int referent = classes.referentOffsets[slot];
            for (int r = 0; r < refs.length; r++) {
                int at = refs[r];
                if (at + idSize > length) {
                    break;
                }
                long ref = idSize == 8 ? (long) HprofInput.LONGS.get(bytes, offset + at)
                        : (int) HprofInput.INTS.get(bytes, offset + at) & 0xFFFFFFFFL;
                int t = resolve(ref);
                if (t >= 0) {
                    objectEdges.add(at == referent ? t | WEAK : t);
                }
            }
        }

        @Override
        boolean objectArray(long id, long classId, int length) {
            int node = startObject();
            graph.nodeClass[node] = classes.slotOf(classId);
            graph.shallow[node] = SizeModel.array(HprofTypes.OBJECT, length);
            return true;
        }

        @Override
        void elements(long[] ids, int count) {
            for (int i = 0; i < count; i++) {
                int t = resolve(ids[i]);
                if (t >= 0) {
                    objectEdges.add(t);
                }
            }
        }

        @Override
        boolean primitiveArray(long id, int type, int length) {
            int node = startObject();
            graph.nodeClass[node] = classes.primitiveArraySlot(type);
            graph.shallow[node] = SizeModel.array(type, length);
            return false;
        }

        void finish() {
            long classTotal = 0;
            for (int[] e : classEdges) {
                classTotal += e == null ? 0 : e.length;
            }
            long total = classTotal + objectEdges.size();
            if (total > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("more than 2^31 references");
            }
            int[] targets = new int[(int) total];
            int at = 0;
            for (int k = 0; k < classNodes; k++) {
                graph.offsets[k] = at;
                int[] e = classEdges[k];
                if (e != null) {
                    System.arraycopy(e, 0, targets, at, e.length);
                    at += e.length;
                }
            }
            int shift = at;
            for (int node = classNodes; node < graph.nodes; node++) {
                graph.offsets[node] += shift;
            }
            graph.offsets[graph.nodes] = (int) total;
            objectEdges.moveTo(targets, at);
            graph.targets = targets;
        }
    }

    /** Pass 3 or 4: decodes the wanted objects. */
    private static final class DetailPass extends HeapVisitor {
        private final HeapGraph graph;
        private final BitSet wanted;
        final HeapDetails details;
        private int classCursor;
        private int objectCursor;
        private int pendingArray = -1;

        private int left;

        DetailPass(HeapGraph graph, BitSet wanted) {
            this.graph = graph;
            this.wanted = wanted;
            this.details = new HeapDetails(graph);
            this.left = wanted.cardinality();
        }

        @Override
        boolean finished() {
            return left == 0;
        }

        @Override
        void classDump(ClassDump dump) {
            int node = classCursor++;
            if (wanted.get(node)) {
                details.putId(node, dump.id);
                left--;
            }
        }

        @Override
        void instance(long id, long classId, byte[] bytes, int offset, int length) {
            int node = graph.classNodes + objectCursor++;
            if (!wanted.get(node)) {
                return;
            }
            details.putId(node, id);
            left--;
            int slot = graph.nodeClass[node];
            if (slot < 0) {
                return;
            }
            ClassTable.FieldLayout layout = graph.classes.fields(slot);
            long[] values = new long[layout.names().length];
            for (int f = 0; f < values.length; f++) {
                int at = layout.offsets()[f];
                int type = layout.types()[f];
                int size = HprofTypes.dumpSize(type, graph.idSize);
                if (at + size > length) {
                    break;
                }
                int p = offset + at;
                values[f] = switch (type) {
                    case HprofTypes.OBJECT -> graph.idSize == 8 ? (long) HprofInput.LONGS.get(bytes, p)
                            : (int) HprofInput.INTS.get(bytes, p) & 0xFFFFFFFFL;
                    case HprofTypes.BOOLEAN, HprofTypes.BYTE -> bytes[p];
                    case HprofTypes.CHAR -> (short) HprofInput.SHORTS.get(bytes, p) & 0xFFFF;
                    case HprofTypes.SHORT -> (short) HprofInput.SHORTS.get(bytes, p);
                    case HprofTypes.INT, HprofTypes.FLOAT -> (int) HprofInput.INTS.get(bytes, p);
                    default -> (long) HprofInput.LONGS.get(bytes, p);
                };
            }
            details.putFields(node, values);
        }

        @Override
        boolean objectArray(long id, long classId, int length) {
            int node = graph.classNodes + objectCursor++;
            if (wanted.get(node)) {
                details.putId(node, id);
                left--;
            }
            return false;
        }

        @Override
        boolean primitiveArray(long id, int type, int length) {
            int node = graph.classNodes + objectCursor++;
            if (!wanted.get(node)) {
                return false;
            }
            details.putId(node, id);
            left--;
            if (type == HprofTypes.BYTE || type == HprofTypes.CHAR) {
                pendingArray = node;
                details.putArrayType(node, type);
                return true;
            }
            return false;
        }

        @Override
        void primitiveData(byte[] bytes, int offset, int length) {
            details.putArray(pendingArray, java.util.Arrays.copyOfRange(bytes, offset, offset + length));
        }
    }
}
