package dev.vigil.analyzer.hprof;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The decoded fields (and string contents) of the few objects a pass was asked for: threads, loaders, the suspects' paths. */
public final class HeapDetails {

    private final HeapGraph graph;
    private final LongIntMap nodeOfId = new LongIntMap(1024);
    private final Map<Integer, Long> idOfNode = new HashMap<>();
    private final Map<Integer, long[]> fields = new HashMap<>();
    private final Map<Integer, byte[]> arrays = new HashMap<>();
    private final Map<Integer, Integer> arrayTypes = new HashMap<>();

    HeapDetails(HeapGraph graph) {
        this.graph = graph;
    }

    void putId(int node, long id) {
        nodeOfId.put(id, node);
        idOfNode.put(node, id);
    }

    void putFields(int node, long[] values) {
        fields.put(node, values);
    }

    void putArrayType(int node, int type) {
        arrayTypes.put(node, type);
    }

    void putArray(int node, byte[] bytes) {
        arrays.put(node, bytes);
    }

    /** The object id of a decoded node, 0 if it was not decoded. */
    public long id(int node) {
        Long id = idOfNode.get(node);
        return id == null ? 0 : id;
    }

    /** The node of a decoded object's id, -1 if none was decoded with that id. */
    public int node(long id) {
        return nodeOfId.get(id, -1);
    }

    /** The instance's field values in its layout's order ({@link ClassTable#fields}); null if it was not decoded. */
    public long[] fieldValues(int node) {
        return fields.get(node);
    }

    /** The value of the first field named {@code name} (own class first); {@code missing} if none. */
    public long field(int node, String name, long missing) {
        long[] values = fields.get(node);
        if (values == null) {
            return missing;
        }
        int f = graph.classes().fields(graph.classOf(node)).indexOf(name);
        return f < 0 ? missing : values[f];
    }

    /** The value of field {@code name} declared by class {@code declaringClass}; {@code missing} if none. */
    public long field(int node, String declaringClass, String name, long missing) {
        long[] values = fields.get(node);
        if (values == null) {
            return missing;
        }
        ClassTable.FieldLayout layout = graph.classes().fields(graph.classOf(node));
        for (int f = 0; f < values.length; f++) {
            if (layout.names()[f].equals(name) && graph.classes().name(layout.declaringSlots()[f]).equals(declaringClass)) {
                return values[f];
            }
        }
        return missing;
    }

    /** The decoded node a reference field points to, -1 if null or not decoded. */
    public int reference(int node, String name) {
        long id = field(node, name, 0);
        return id == 0 ? -1 : node(id);
    }

    /** The text of a decoded {@code java.lang.String} (its value array decoded too), or of a decoded char[]; null if not known. */
    public String string(int node) {
        if (node < 0) {
            return null;
        }
        Integer directType = arrayTypes.get(node);
        if (directType != null && directType == HprofTypes.CHAR) {
            byte[] chars = arrays.get(node);
            return chars == null ? null : new String(chars, StandardCharsets.UTF_16BE); // a JDK 8 thread's name is a char[] itself
        }
        if (fields.get(node) == null) {
            return null;
        }
        int value = reference(node, "value");
        byte[] bytes = value < 0 ? null : arrays.get(value);
        if (bytes == null) {
            return null;
        }
        int type = arrayTypes.getOrDefault(value, HprofTypes.BYTE);
        if (type == HprofTypes.CHAR) {
            return new String(bytes, StandardCharsets.UTF_16BE); // HPROF writes chars big-endian
        }
        long coder = field(node, "coder", 0);
        // a compact string's UTF16 bytes are in the JVM's native order: little-endian on the machines dumps come from
        return new String(bytes, coder == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16LE);
    }

    /** The text of a String field of a decoded object. */
    public String stringField(int node, String name) {
        return string(reference(node, name));
    }
}
