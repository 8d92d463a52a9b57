package dev.vigil.analyzer.hprof;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Inflates a gzip dump on a thread of its own, a few chunks ahead of the parser: inflating costs about as much as
 * parsing, and the two then share the machine's cores instead of taking turns.
 */
final class ReadAheadStream extends InputStream {

    private static final int CHUNK = 4 << 20;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> full = new ArrayBlockingQueue<>(4);
    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(6);
    private final InputStream source;
    private final Thread reader;
    private volatile IOException failure;
    private byte[] current;
    private int currentLength;
    private int currentPos;

    ReadAheadStream(InputStream source) {
        this.source = source;
        for (int i = 0; i < 6; i++) {
            empty.add(new byte[CHUNK + 4]);
        }
        reader = new Thread(this::fill, "vigil-analyzer-inflater");
        reader.setDaemon(true);
        reader.start();
    }

    /** The chunk's length is kept in its last 4 bytes, so chunks travel alone. */
    private void fill() {
        try {
            while (true) {
                byte[] chunk = empty.take();
                int n = 0;
                while (n < CHUNK) {
                    int r = source.read(chunk, n, CHUNK - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
                setLength(chunk, n);
                full.put(chunk);
                if (n < CHUNK) {
                    full.put(END);
                    return;
                }
            }
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException | Error e) {
            fail(new IOException("could not inflate the dump", e));
        } catch (InterruptedException e) {
            // closed before the end
        }
    }

    /** Tells the reader, after the chunks before it (put, not offered: the queue may be full). */
    private void fail(IOException e) {
        failure = e;
        try {
            full.put(END);
        } catch (InterruptedException closed) {
            // closed meanwhile: nobody is waiting
        }
    }

    private static void setLength(byte[] chunk, int n) {
        chunk[CHUNK] = (byte) (n >>> 24);
        chunk[CHUNK + 1] = (byte) (n >>> 16);
        chunk[CHUNK + 2] = (byte) (n >>> 8);
        chunk[CHUNK + 3] = (byte) n;
    }

    private static int length(byte[] chunk) {
        return (chunk[CHUNK] & 0xFF) << 24 | (chunk[CHUNK + 1] & 0xFF) << 16 | (chunk[CHUNK + 2] & 0xFF) << 8 | chunk[CHUNK + 3] & 0xFF;
    }

    /** False at the end. */
    private boolean advance() throws IOException {
        while (current == null || currentPos == currentLength) {
            if (current == END) {
                return false;
            }
            if (current != null) {
                empty.offer(current);
            }
            try {
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the dump");
            }
            if (current == END) {
                if (failure != null) {
                    throw failure;
                }
                return false;
            }
            currentLength = length(current);
            currentPos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!advance()) {
            return -1;
        }
        return current[currentPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!advance()) {
            return -1;
        }
        int n = Math.min(len, currentLength - currentPos);
        System.arraycopy(current, currentPos, b, off, n);
        currentPos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
