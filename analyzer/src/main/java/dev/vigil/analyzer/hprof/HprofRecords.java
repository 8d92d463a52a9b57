package dev.vigil.analyzer.hprof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One pass over a dump: decodes its records and hands them to a {@link HeapVisitor}, skipping by length what it does not know. */
final class HprofRecords {

    static final int UTF8 = 0x01;
    static final int LOAD_CLASS = 0x02;
    static final int STACK_FRAME = 0x04;
    static final int STACK_TRACE = 0x05;
    static final int HEAP_DUMP = 0x0C;
    static final int HEAP_DUMP_SEGMENT = 0x1C;
    static final int HEAP_DUMP_END = 0x2C;

    static final int ROOT_UNKNOWN = 0xFF;
    static final int ROOT_JNI_GLOBAL = 0x01;
    static final int ROOT_JNI_LOCAL = 0x02;
    static final int ROOT_JAVA_FRAME = 0x03;
    static final int ROOT_NATIVE_STACK = 0x04;
    static final int ROOT_STICKY_CLASS = 0x05;
    static final int ROOT_THREAD_BLOCK = 0x06;
    static final int ROOT_MONITOR_USED = 0x07;
    static final int ROOT_THREAD_OBJ = 0x08;
    static final int CLASS_DUMP = 0x20;
    static final int INSTANCE_DUMP = 0x21;
    static final int OBJ_ARRAY_DUMP = 0x22;
    static final int PRIM_ARRAY_DUMP = 0x23;

    private static final long PROGRESS_EVERY = 16L << 20;

    private HprofRecords() {
    }

    static void read(Path file, HeapVisitor visitor, ReadListener listener) throws IOException {
        try (HprofInput in = HprofInput.open(file)) {
            readHeader(in, visitor);
            boolean metadata = visitor.wantsMetadata();
            long nextProgress = 0;
            long[] chunk = new long[4096];
            while (in.hasMore()) {
                int tag = in.u1();
                in.u4(); // micros since the header's time
                long length = in.u4() & 0xFFFFFFFFL;
                if (tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT) {
                    readHeap(in, in.position() + length, visitor, chunk, listener);
                    if (visitor.finished()) {
                        break;
                    }
                } else if (!metadata) {
                    in.skip(length);
                } else {
                    readMetadata(in, tag, length, visitor);
                }
                if (in.fileBytesRead() >= nextProgress) {
                    listener.advanced(in.fileBytesRead(), in.fileSize());
                    nextProgress = in.fileBytesRead() + PROGRESS_EVERY;
                }
            }
            listener.advanced(in.fileSize(), in.fileSize());
        }
    }

    private static void readHeader(HprofInput in, HeapVisitor visitor) throws IOException {
        StringBuilder format = new StringBuilder();
        for (int b = in.u1(); b != 0; b = in.u1()) {
            format.append((char) b);
            if (format.length() > 64) {
                throw new IOException("not an HPROF dump");
            }
        }
        if (!format.toString().startsWith("JAVA PROFILE 1.0")) {
            throw new IOException("not an HPROF dump: " + format);
        }
        int idSize = in.u4();
        if (idSize != 4 && idSize != 8) {
            throw new IOException("unsupported identifier size " + idSize);
        }
        in.idSize = idSize;
        long time = in.u8();
        visitor.header(idSize, time);
    }

    private static void readMetadata(HprofInput in, int tag, long length, HeapVisitor visitor) throws IOException {
        switch (tag) {
            case UTF8 -> {
                long id = in.id();
                int n = (int) (length - in.idSize);
                in.ensure(n);
                visitor.utf8(id, in.buf, in.pos, n);
                in.pos += n;
            }
            case LOAD_CLASS -> {
                int serial = in.u4();
                long classId = in.id();
                in.u4();
                long nameId = in.id();
                visitor.loadClass(serial, classId, nameId);
            }
            case STACK_FRAME -> {
                long frameId = in.id();
                long method = in.id();
                in.id(); // signature
                long source = in.id();
                int classSerial = in.u4();
                int line = in.u4();
                visitor.stackFrame(frameId, method, source, classSerial, line);
            }
            case STACK_TRACE -> {
                int serial = in.u4();
                int threadSerial = in.u4();
                int frames = in.u4();
                long[] ids = new long[frames];
                for (int i = 0; i < frames; i++) {
                    ids[i] = in.id();
                }
                visitor.stackTrace(serial, threadSerial, ids);
            }
            default -> in.skip(length);
        }
    }

    private static void readHeap(HprofInput in, long end, HeapVisitor visitor, long[] chunk, ReadListener listener) throws IOException {
        int idSize = in.idSize;
        long nextProgress = in.fileBytesRead() + PROGRESS_EVERY;
        while (in.position() < end) {
            int tag = in.u1();
            switch (tag) {
                case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED -> visitor.root(tag, in.id(), -1, -1);
                case ROOT_JNI_GLOBAL -> {
                    long id = in.id();
                    in.id();
                    visitor.root(tag, id, -1, -1);
                }
                case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ROOT_THREAD_OBJ -> {
                    long id = in.id();
                    int thread = in.u4();
                    int extra = in.u4();
                    visitor.root(tag, id, thread, extra);
                }
                case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> {
                    long id = in.id();
                    visitor.root(tag, id, in.u4(), -1);
                }
                case CLASS_DUMP -> visitor.classDump(readClassDump(in));
                case INSTANCE_DUMP -> {
                    in.ensure(2 * idSize + 8);
                    long id = in.idAt(in.pos);
                    long classId = in.idAt(in.pos + idSize + 4);
                    int length = (int) HprofInput.INTS.get(in.buf, in.pos + 2 * idSize + 4);
                    in.pos += 2 * idSize + 8;
                    in.ensure(length);
                    visitor.instance(id, classId, in.buf, in.pos, length);
                    in.pos += length;
                }
                case OBJ_ARRAY_DUMP -> {
                    in.ensure(2 * idSize + 8);
                    long id = in.idAt(in.pos);
                    int length = (int) HprofInput.INTS.get(in.buf, in.pos + idSize + 4);
                    long classId = in.idAt(in.pos + idSize + 8);
                    in.pos += 2 * idSize + 8;
                    if (visitor.objectArray(id, classId, length)) {
                        int left = length;
                        while (left > 0) {
                            int n = Math.min(left, chunk.length);
                            in.ensure(n * idSize);
                            for (int i = 0; i < n; i++) {
                                chunk[i] = in.idAt(in.pos);
                                in.pos += idSize;
                            }
                            visitor.elements(chunk, n);
                            left -= n;
                        }
                    } else {
                        in.skip((long) length * idSize);
                    }
                }
                case PRIM_ARRAY_DUMP -> {
                    in.ensure(idSize + 9);
                    long id = in.idAt(in.pos);
                    int length = (int) HprofInput.INTS.get(in.buf, in.pos + idSize + 4);
                    int type = in.buf[in.pos + idSize + 8] & 0xFF;
                    in.pos += idSize + 9;
                    long bytes = (long) length * HprofTypes.dumpSize(type, idSize);
                    if (visitor.primitiveArray(id, type, length)) {
                        int first = (int) Math.min(bytes, 1 << 16);
                        in.ensure(first);
                        visitor.primitiveData(in.buf, in.pos, first);
                        in.pos += first;
                        in.skip(bytes - first);
                    } else {
                        in.skip(bytes);
                    }
                }
                default -> throw new IOException("unknown heap dump sub-record 0x" + Integer.toHexString(tag) + " at " + (in.position() - 1));
            }
            if (in.fileBytesRead() >= nextProgress) {
                listener.advanced(in.fileBytesRead(), in.fileSize());
                nextProgress = in.fileBytesRead() + PROGRESS_EVERY;
                if (visitor.finished()) {
                    return;
                }
            }
        }
    }

    private static ClassDump readClassDump(HprofInput in) throws IOException {
        ClassDump d = new ClassDump();
        d.id = in.id();
        in.u4(); // stack trace serial
        d.superId = in.id();
        d.loaderId = in.id();
        in.id(); // signers
        in.id(); // protection domain
        in.id(); // reserved
        in.id(); // reserved
        in.u4(); // instance size in the dump's own layout; the size model counts its own
        int constants = in.u2();
        long[] refs = new long[constants];
        int nRefs = 0;
        for (int i = 0; i < constants; i++) {
            in.u2();
            int type = in.u1();
            long v = in.value(type);
            if (type == HprofTypes.OBJECT && v != 0) {
                refs[nRefs++] = v;
            }
        }
        d.constantPoolRefs = java.util.Arrays.copyOf(refs, nRefs);
        int statics = in.u2();
        d.staticNameIds = new long[statics];
        d.staticTypes = new byte[statics];
        d.staticValues = new long[statics];
        for (int i = 0; i < statics; i++) {
            d.staticNameIds[i] = in.id();
            int type = in.u1();
            d.staticTypes[i] = (byte) type;
            d.staticValues[i] = in.value(type);
        }
        int fields = in.u2();
        d.fieldNameIds = new long[fields];
        d.fieldTypes = new byte[fields];
        for (int i = 0; i < fields; i++) {
            d.fieldNameIds[i] = in.id();
            d.fieldTypes[i] = (byte) in.u1();
        }
        return d;
    }

    static String utf8String(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
