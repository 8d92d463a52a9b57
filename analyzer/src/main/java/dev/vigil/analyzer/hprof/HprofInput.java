package dev.vigil.analyzer.hprof;

import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a dump front to back through one large buffer (big-endian, as HPROF is), raw or gzip. A gzip dump is told by
 * its first two bytes and inflated again on each pass, never to a temporary file.
 */
final class HprofInput implements Closeable {

    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private final CountingStream file;
    private final InputStream in;
    private final long fileSize;
    private final boolean gzip;
    byte[] buf = new byte[1 << 21];
    int pos;
    int limit;
    /** Offset in the (inflated) stream of buf[0]. */
    private long bufferStart;
    int idSize = 8;

    private HprofInput(Path path) throws IOException {
        fileSize = Files.size(path);
        try (InputStream probe = Files.newInputStream(path)) {
            gzip = probe.read() == 0x1f && probe.read() == 0x8b;
        }
        file = new CountingStream(Files.newInputStream(path));
        in = gzip ? new ReadAheadStream(new GZIPInputStream(file, 1 << 16)) : file;
    }

    static HprofInput open(Path path) throws IOException {
        return new HprofInput(path);
    }

    long fileSize() {
        return fileSize;
    }

    /** Bytes of the file consumed so far (compressed bytes for gzip): what progress is told. */
    long fileBytesRead() {
        return file.count;
    }

    /** Position in the (inflated) stream. */
    long position() {
        return bufferStart + pos;
    }

    /** Makes {@code n} bytes available from {@code pos} in {@code buf}. */
    void ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, buf.length * 2)];
            System.arraycopy(buf, pos, bigger, 0, limit - pos);
            buf = bigger;
        } else {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
        }
        bufferStart += pos;
        limit -= pos;
        pos = 0;
        while (limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                throw new EOFException("dump ends inside a record at " + position());
            }
            limit += r;
        }
    }

    /** Whether another byte follows (false at the end of the dump). */
    boolean hasMore() throws IOException {
        if (pos < limit) {
            return true;
        }
        bufferStart += pos;
        pos = 0;
        limit = 0;
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            return false;
        }
        limit = r;
        return true;
    }

    int u1() throws IOException {
        ensure(1);
        return buf[pos++] & 0xFF;
    }

    int u2() throws IOException {
        ensure(2);
        int v = (short) SHORTS.get(buf, pos) & 0xFFFF;
        pos += 2;
        return v;
    }

    int u4() throws IOException {
        ensure(4);
        int v = (int) INTS.get(buf, pos);
        pos += 4;
        return v;
    }

    long u8() throws IOException {
        ensure(8);
        long v = (long) LONGS.get(buf, pos);
        pos += 8;
        return v;
    }

    long id() throws IOException {
        if (idSize == 8) {
            return u8();
        }
        return u4() & 0xFFFFFFFFL;
    }

    /** The identifier at {@code at} in {@code buf} (no bounds check: the caller ensured it). */
    long idAt(int at) {
        return idSize == 8 ? (long) LONGS.get(buf, at) : (int) INTS.get(buf, at) & 0xFFFFFFFFL;
    }

    /** A value of the given basic type, as raw bits in a long. */
    long value(int type) throws IOException {
        return switch (type) {
            case HprofTypes.OBJECT -> id();
            case HprofTypes.BOOLEAN, HprofTypes.BYTE -> (byte) u1();
            case HprofTypes.CHAR -> u2();
            case HprofTypes.SHORT -> (short) u2();
            case HprofTypes.FLOAT, HprofTypes.INT -> u4();
            case HprofTypes.DOUBLE, HprofTypes.LONG -> u8();
            default -> throw new IOException("unknown basic type " + type + " at " + position());
        };
    }

    void skip(long n) throws IOException {
        long buffered = Math.min(n, limit - pos);
        pos += (int) buffered;
        n -= buffered;
        while (n > 0) {
            // a file seeks; an inflater's skip inflates through a 512-byte buffer, so read through ours instead
            long s = gzip ? 0 : in.skip(n);
            if (s > 0) {
                bufferStart += s;
                n -= s;
            } else {
                if (!hasMore()) {
                    throw new EOFException("dump ends inside a record at " + position());
                }
                long take = Math.min(n, limit - pos);
                pos += (int) take;
                n -= take;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Counts the bytes taken from the file, for progress. */
    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            if (s > 0) {
                count += s;
            }
            return s;
        }
    }
}
