package dev.vigil.analyzer.hprof;

/** What one pass over a dump wants from its records; {@link HprofRecords} calls it in file order. */
abstract class HeapVisitor {

    /** Whether to decode the records outside the heap dump (strings, classes, frames, traces); else they are skipped. */
    boolean wantsMetadata() {
        return false;
    }

    /** Whether the pass has all it wants: the rest of the dump is not read. */
    boolean finished() {
        return false;
    }

    void header(int idSize, long timeMillis) {
    }

    void utf8(long id, byte[] bytes, int offset, int length) {
    }

    void loadClass(int serial, long classId, long nameId) {
    }

    void stackFrame(long frameId, long methodNameId, long sourceFileId, int classSerial, int line) {
    }

    void stackTrace(int serial, int threadSerial, long[] frameIds) {
    }

    /** A GC root: {@code tag} the HPROF sub-record tag; {@code threadSerial}, {@code extra} (frame number or stack trace serial) -1 if the kind has none. */
    void root(int tag, long objectId, int threadSerial, int extra) {
    }

    void classDump(ClassDump dump) {
    }

    /** An instance; its field bytes are {@code bytes[offset, offset + length)}. */
    void instance(long id, long classId, byte[] bytes, int offset, int length) {
    }

    /** An object array; return true to get its elements through {@link #elements}. */
    boolean objectArray(long id, long classId, int length) {
        return false;
    }

    void elements(long[] ids, int count) {
    }

    /** A primitive array; return true to get its first bytes (up to a buffer's worth) through {@link #primitiveData}. */
    boolean primitiveArray(long id, int type, int length) {
        return false;
    }

    void primitiveData(byte[] bytes, int offset, int length) {
    }
}
