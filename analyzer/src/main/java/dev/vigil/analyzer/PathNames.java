package dev.vigil.analyzer;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.analyzer.hprof.ClassTable;
import dev.vigil.analyzer.hprof.GcRoots;
import dev.vigil.analyzer.hprof.HeapDetails;
import dev.vigil.analyzer.hprof.HeapGraph;
import dev.vigil.analyzer.hprof.HprofTypes;

/**
 * Names the steps of a path from the super-root: first the root ({@code Thread relay-17 (stack local)},
 * {@code sticky class java.lang.System}, {@code JNI global}), then each object and the field through which the next
 * is reached ({@code relay_jsp$1.val$env}, {@code Object[]}, {@code class Hoard.CACHE}), the last the object itself.
 */
final class PathNames {

    /** A named path; {@code group} the thread origin it starts from (-1 if none), {@code heldBy} what the description says holds it. */
    record Named(List<String> elements, int group, String heldBy) {
    }

    private final HeapGraph heap;
    private final ClassTable classes;
    private final HeapDetails details;
    private final ThreadOrigins origins;
    private final int groupBase;
    private final int n;

    PathNames(HeapGraph heap, HeapDetails details, ThreadOrigins origins, int groupBase) {
        this.heap = heap;
        this.classes = heap.classes();
        this.details = details;
        this.origins = origins;
        this.groupBase = groupBase;
        this.n = heap.nodes();
    }

    /** @param path super-root first, then (maybe) a thread origin's node, then heap objects */
    Named name(int[] path) {
        List<String> elements = new ArrayList<>();
        if (path.length < 2) {
            return new Named(elements, -1, null);
        }
        int start;
        int group = -1;
        if (path[1] >= groupBase && path.length > 2) {
            group = path[1] - groupBase;
            elements.add(threadRoot(group, path[2]));
            start = 2;
        } else {
            elements.add(root(path[1]));
            start = 1;
        }
        String heldBy = elements.get(0);
        for (int j = start; j < path.length - 1; j++) {
            int a = path[j];
            int b = path[j + 1];
            String staticField = a < heap.classNodes() ? staticField(a, details.id(b)) : null;
            if (staticField != null) {
                heldBy = "class " + classes.name(a) + "." + staticField;
                elements.add("class " + Names.simple(classes.name(a)) + "." + staticField);
            } else {
                elements.add(step(a, b));
            }
        }
        int last = path[path.length - 1];
        elements.add(last < heap.classNodes() ? "class " + Names.simple(classes.name(last)) : Names.simple(className(last)));
        return new Named(elements, group, heldBy);
    }

    private String threadRoot(int group, int v) {
        ThreadOrigins.ThreadInfo thread = origins.threadOfNode(v);
        if (thread != null && origins.groupOfSerial(thread.serial()).index == group) {
            return "Thread " + thread.name();
        }
        GcRoots roots = heap.roots();
        for (int i = 0; i < roots.count(); i++) {
            if (roots.node(i) == v && (roots.kind(i) == GcRoots.JAVA_FRAME || roots.kind(i) == GcRoots.JNI_LOCAL)) {
                ThreadOrigins.Group g = origins.groupOfSerial(roots.threadSerial(i));
                if (g != null && g.index == group) {
                    String how = roots.kind(i) == GcRoots.JNI_LOCAL ? " (JNI local)" : " (stack local)";
                    return "Thread " + origins.threadOfSerial(roots.threadSerial(i)).name() + how;
                }
            }
        }
        return "Thread";
    }

    private String root(int v) {
        GcRoots roots = heap.roots();
        for (int i = 0; i < roots.count(); i++) {
            if (roots.node(i) == v) {
                int kind = roots.kind(i);
                if (kind == GcRoots.STICKY_CLASS) {
                    return "sticky class " + (v < heap.classNodes() ? classes.name(v) : className(v));
                }
                return GcRoots.words(kind);
            }
        }
        return "root";
    }

    private String staticField(int classNode, long id) {
        if (id == 0) {
            return null;
        }
        String[] names = classes.staticNames(classNode);
        byte[] types = classes.staticTypes(classNode);
        long[] values = classes.staticValues(classNode);
        for (int i = 0; i < names.length; i++) {
            if (types[i] == HprofTypes.OBJECT && values[i] == id) {
                return names[i];
            }
        }
        return null;
    }

    private String step(int a, int b) {
        if (a < heap.classNodes()) {
            return "class " + Names.simple(classes.name(a));
        }
        int slot = heap.classOf(a);
        if (slot < 0) {
            return "Object";
        }
        String simple = Names.simple(classes.name(slot));
        if (classes.isArray(slot)) {
            return simple;
        }
        long id = details.id(b);
        long[] values = details.fieldValues(a);
        if (values != null && id != 0) {
            ClassTable.FieldLayout layout = classes.fields(slot);
            for (int f = 0; f < values.length; f++) {
                if (layout.types()[f] == HprofTypes.OBJECT && values[f] == id) {
                    return simple + "." + layout.names()[f];
                }
            }
        }
        return simple;
    }

    private String className(int v) {
        if (v >= n) {
            return "";
        }
        int slot = heap.classOf(v);
        return slot < 0 ? "Object" : classes.name(slot);
    }
}
