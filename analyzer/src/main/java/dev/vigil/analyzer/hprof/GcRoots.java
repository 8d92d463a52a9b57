package dev.vigil.analyzer.hprof;

/** The dump's GC roots whose object is in the dump (a root naming a missing object is dropped when read). */
public final class GcRoots {

    public static final int UNKNOWN = HprofRecords.ROOT_UNKNOWN;
    public static final int JNI_GLOBAL = HprofRecords.ROOT_JNI_GLOBAL;
    public static final int JNI_LOCAL = HprofRecords.ROOT_JNI_LOCAL;
    public static final int JAVA_FRAME = HprofRecords.ROOT_JAVA_FRAME;
    public static final int NATIVE_STACK = HprofRecords.ROOT_NATIVE_STACK;
    public static final int STICKY_CLASS = HprofRecords.ROOT_STICKY_CLASS;
    public static final int THREAD_BLOCK = HprofRecords.ROOT_THREAD_BLOCK;
    public static final int MONITOR_USED = HprofRecords.ROOT_MONITOR_USED;
    public static final int THREAD_OBJ = HprofRecords.ROOT_THREAD_OBJ;

    private final int count;
    private final int[] kinds;
    private final int[] nodes;
    private final int[] threadSerials;
    private final int[] extras;

    GcRoots(int count, int[] kinds, int[] nodes, int[] threadSerials, int[] extras) {
        this.count = count;
        this.kinds = kinds;
        this.nodes = nodes;
        this.threadSerials = threadSerials;
        this.extras = extras;
    }

    public int count() {
        return count;
    }

    /** The HPROF tag of root {@code i}: {@link #THREAD_OBJ}, {@link #JAVA_FRAME}, ... */
    public int kind(int i) {
        return kinds[i];
    }

    public int node(int i) {
        return nodes[i];
    }

    /** The thread serial of a thread-bound root, -1 if none. */
    public int threadSerial(int i) {
        return threadSerials[i];
    }

    /** For {@link #THREAD_OBJ}: the stack trace serial; for a frame: the frame number; else -1. */
    public int extra(int i) {
        return extras[i];
    }

    /** The kind in words, as the report names it. */
    public static String words(int kind) {
        return switch (kind) {
            case JNI_GLOBAL -> "JNI global";
            case JNI_LOCAL -> "JNI local";
            case JAVA_FRAME -> "java frame";
            case NATIVE_STACK -> "native stack";
            case STICKY_CLASS -> "sticky class";
            case THREAD_BLOCK -> "thread block";
            case MONITOR_USED -> "monitor used";
            case THREAD_OBJ -> "thread object";
            default -> "unknown";
        };
    }
}
