package dev.vigil.analyzer.hprof;

import java.util.List;

/**
 * The dump's classes, by slot: slot {@code k} is the {@code k}-th CLASS DUMP of the file (and node {@code k} of the
 * graph). Eight more slots after the real ones stand for the primitive array types, which HPROF writes without a class.
 */
public final class ClassTable {

    private static final int[] PRIMITIVE_TYPES = {HprofTypes.BOOLEAN, HprofTypes.CHAR, HprofTypes.FLOAT, HprofTypes.DOUBLE,
            HprofTypes.BYTE, HprofTypes.SHORT, HprofTypes.INT, HprofTypes.LONG};

    private final int count;
    private final int idSize;
    private final long[] ids;
    private final long[] loaderIds;
    private final int[] superSlots;
    private final String[] names;
    private final LongIntMap slotOfId;
    final String[][] staticNames;
    final byte[][] staticTypes;
    final long[][] staticValues;
    final long[][] constantPoolRefs;
    private final String[][] fieldNames;
    private final byte[][] fieldTypes;
    final int[] instanceShallow;
    final int[] classShallow;
    /** Offsets in an instance's dump bytes of its reference fields, the whole hierarchy. */
    final int[][] referenceOffsets;
    /** Per slot: the dump offset of {@code java.lang.ref.Reference.referent} in its instances, -1 if it is no Reference. */
    final int[] referentOffsets;
    private final FieldLayout[] layouts;

    /** All fields of a class's instances in dump order (its own first, then its super class's, ...). */
    public record FieldLayout(String[] names, byte[] types, int[] declaringSlots, int[] offsets) {
        public int indexOf(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    ClassTable(int idSize, List<ClassDump> dumps, LongIntMap nameOfClassId, String[] strings, LongIntMap stringIndex) {
        this.idSize = idSize;
        count = dumps.size();
        int total = count + PRIMITIVE_TYPES.length;
        ids = new long[count];
        loaderIds = new long[count];
        superSlots = new int[total];
        names = new String[total];
        slotOfId = new LongIntMap(count);
        staticNames = new String[count][];
        staticTypes = new byte[count][];
        staticValues = new long[count][];
        constantPoolRefs = new long[count][];
        fieldNames = new String[count][];
        fieldTypes = new byte[count][];
        instanceShallow = new int[total];
        classShallow = new int[count];
        referenceOffsets = new int[total][];
        referentOffsets = new int[total];
        java.util.Arrays.fill(referentOffsets, -1);
        layouts = new FieldLayout[total];
        for (int k = 0; k < count; k++) {
            ClassDump d = dumps.get(k);
            ids[k] = d.id;
            slotOfId.put(d.id, k);
            loaderIds[k] = d.loaderId;
            int nameIndex = nameOfClassId.get(d.id, -1);
            String internal = nameIndex >= 0 ? strings[nameIndex] : null;
            names[k] = internal == null ? "class@0x" + Long.toHexString(d.id) : HprofTypes.javaClassName(internal);
            staticNames[k] = names(strings, stringIndex, d.staticNameIds);
            staticTypes[k] = d.staticTypes;
            staticValues[k] = d.staticValues;
            constantPoolRefs[k] = d.constantPoolRefs;
            fieldNames[k] = names(strings, stringIndex, d.fieldNameIds);
            fieldTypes[k] = d.fieldTypes;
            long statics = 0;
            for (byte t : d.staticTypes) {
                statics += SizeModel.fieldSize(t);
            }
            classShallow[k] = SizeModel.classObject(statics);
        }
        for (int k = 0; k < count; k++) {
            superSlots[k] = dumps.get(k).superId == 0 ? -1 : slotOfId.get(dumps.get(k).superId, -1);
        }
        for (int p = 0; p < PRIMITIVE_TYPES.length; p++) {
            names[count + p] = HprofTypes.javaName(PRIMITIVE_TYPES[p]) + "[]";
            superSlots[count + p] = -1;
            referenceOffsets[count + p] = new int[0];
            layouts[count + p] = new FieldLayout(new String[0], new byte[0], new int[0], new int[0]);
        }
        for (int k = 0; k < count; k++) {
            layout(k);
        }
    }

    private static String[] names(String[] strings, LongIntMap stringIndex, long[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            int s = stringIndex.get(ids[i], -1);
            out[i] = s < 0 ? "field@" + ids[i] : strings[s];
        }
        return out;
    }

    private FieldLayout layout(int slot) {
        if (layouts[slot] != null) {
            return layouts[slot];
        }
        // the hierarchy, own class first, as instance dumps list the values; walked without recursion, guarding cycles
        int depth = 0;
        int[] chain = new int[8];
        for (int s = slot; s >= 0 && depth < 1000; s = superSlots[s]) {
            if (depth == chain.length) {
                chain = java.util.Arrays.copyOf(chain, depth * 2);
            }
            chain[depth++] = s;
        }
        int fields = 0;
        for (int i = 0; i < depth; i++) {
            fields += fieldNames[chain[i]].length;
        }
        String[] n = new String[fields];
        byte[] t = new byte[fields];
        int[] declaring = new int[fields];
        int[] offsets = new int[fields];
        int f = 0;
        int offset = 0;
        long modelBytes = 0;
        int refs = 0;
        for (int i = 0; i < depth; i++) {
            int c = chain[i];
            for (int j = 0; j < fieldNames[c].length; j++) {
                n[f] = fieldNames[c][j];
                t[f] = fieldTypes[c][j];
                declaring[f] = c;
                offsets[f] = offset;
                offset += HprofTypes.dumpSize(t[f], idSize);
                modelBytes += SizeModel.fieldSize(t[f]);
                if (t[f] == HprofTypes.OBJECT) {
                    refs++;
                }
                f++;
            }
        }
        int[] refOffsets = new int[refs];
        int r = 0;
        for (int i = 0; i < fields; i++) {
            if (t[i] == HprofTypes.OBJECT) {
                refOffsets[r++] = offsets[i];
            }
        }
        referenceOffsets[slot] = refOffsets;
        for (int i = 0; i < fields; i++) {
            if (t[i] == HprofTypes.OBJECT && n[i].equals("referent") && names[declaring[i]].equals("java.lang.ref.Reference")) {
                referentOffsets[slot] = offsets[i];
            }
        }
        instanceShallow[slot] = SizeModel.instance(modelBytes);
        return layouts[slot] = new FieldLayout(n, t, declaring, offsets);
    }

    /** Real classes (CLASS DUMPs); slots from here on are the primitive array types. */
    public int count() {
        return count;
    }

    public int slots() {
        return names.length;
    }

    public int slotOf(long classId) {
        return slotOfId.get(classId, -1);
    }

    /** The slot of the primitive array type with the HPROF basic type code {@code type}. */
    public int primitiveArraySlot(int type) {
        for (int p = 0; p < PRIMITIVE_TYPES.length; p++) {
            if (PRIMITIVE_TYPES[p] == type) {
                return count + p;
            }
        }
        return -1;
    }

    public boolean isPrimitiveArray(int slot) {
        return slot >= count;
    }

    /** Whether the slot is an array class (object or primitive). */
    public boolean isArray(int slot) {
        return slot >= 0 && (slot >= count || names[slot].endsWith("[]"));
    }

    public long id(int slot) {
        return slot < count ? ids[slot] : 0;
    }

    /** Java name: {@code java.util.HashMap$Node}, {@code byte[]}, {@code java.lang.Object[]}. */
    public String name(int slot) {
        return names[slot];
    }

    /** The class loader object id; 0 for the boot loader (and for the primitive array types). */
    public long loaderId(int slot) {
        return slot < count ? loaderIds[slot] : 0;
    }

    public int superSlot(int slot) {
        return superSlots[slot];
    }

    /** Whether the class is {@code className} or a subclass of it. */
    public boolean isSubclassOf(int slot, String className) {
        int depth = 0;
        for (int s = slot; s >= 0 && depth++ < 1000; s = superSlots[s]) {
            if (names[s].equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** The first slot named {@code className}, -1 if none (several loaders may define one name). */
    public int slotNamed(String className) {
        for (int k = 0; k < count; k++) {
            if (names[k].equals(className)) {
                return k;
            }
        }
        return -1;
    }

    public FieldLayout fields(int slot) {
        return layout(slot);
    }

    public int instanceShallow(int slot) {
        return instanceShallow[slot];
    }

    /** The static field names of a class and their values (raw bits; ids for references). */
    public String[] staticNames(int slot) {
        return slot < count ? staticNames[slot] : new String[0];
    }

    public byte[] staticTypes(int slot) {
        return slot < count ? staticTypes[slot] : new byte[0];
    }

    public long[] staticValues(int slot) {
        return slot < count ? staticValues[slot] : new long[0];
    }
}
