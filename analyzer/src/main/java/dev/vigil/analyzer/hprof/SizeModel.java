package dev.vigil.analyzer.hprof;

/**
 * How many bytes the analyzer counts for an object. A dump does not say how the JVM laid its objects out (its
 * identifiers are 8 bytes even with compressed oops), so every size is counted as a 64-bit HotSpot with compressed
 * oops and compressed class pointers lays it out, which is what a heap below 32 GiB gets by default:
 * <ul>
 * <li>instance: {@code align8(12 + sum of its fields' sizes)} over the whole class hierarchy, a reference 4 bytes,
 * boolean and byte 1, char and short 2, int and float 4, long and double 8 (no field packing gaps);</li>
 * <li>array: {@code align8(16 + length * element size)}, a reference element 4 bytes;</li>
 * <li>class object: {@code align8(96 + sum of its static fields' sizes)}, the same sizes.</li>
 * </ul>
 * Sizes above 2 GiB - 1 are clamped (no heap this analyzer reads holds such an array).
 */
public final class SizeModel {

    public static final int REFERENCE = 4;
    public static final int OBJECT_HEADER = 12;
    public static final int ARRAY_HEADER = 16;
    public static final int CLASS_OBJECT = 96;

    private SizeModel() {
    }

    public static int fieldSize(int type) {
        return type == HprofTypes.OBJECT ? REFERENCE : HprofTypes.dumpSize(type, REFERENCE);
    }

    public static long align8(long bytes) {
        return (bytes + 7) & ~7L;
    }

    public static int instance(long fieldBytes) {
        return clamp(align8(OBJECT_HEADER + fieldBytes));
    }

    public static int array(int elementType, long length) {
        return clamp(align8(ARRAY_HEADER + length * fieldSize(elementType)));
    }

    public static int classObject(long staticBytes) {
        return clamp(align8(CLASS_OBJECT + staticBytes));
    }

    private static int clamp(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
