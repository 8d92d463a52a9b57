package dev.vigil.it.hoard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The misbehaving application of hoard.war: keeps memory alive on request, the way a leak would.
 * <ul>
 * <li>{@code ?add=MB} retains MB more megabytes, as 16 KB arrays (small enough for G1 to pack its regions, as a
 * real leak of many small objects does);</li>
 * <li>{@code ?release} lets go of everything;</li>
 * <li>{@code ?gc} runs {@code System.gc()} (a full collection with G1), so the after-GC usage is the live data;</li>
 * <li>{@code ?exhaust} allocates until the heap runs out (OutOfMemoryError), then lets go and says how far it got;
 * with {@code &hold=MS} it first holds the full heap for MS milliseconds, as a leak that does not let go: every other
 * thread that allocates meanwhile gets an OutOfMemoryError of its own, as in the incident.</li>
 * </ul>
 * Each request answers in plain text with what the hoard holds afterwards.
 */
@WebServlet("/hoard")
public class HoardServlet extends HttpServlet {

    static final int CHUNK_BYTES = 16 * 1024;
    static final int CHUNKS_PER_MB = 1024 * 1024 / CHUNK_BYTES;

    // Static on purpose: a leak outlives the request; undeploying the war frees it with the class loader.
    private static final List<byte[]> HOARD = new ArrayList<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getParameter("exhaust") != null) {
            response.setContentType("text/plain");
            String hold = request.getParameter("hold");
            response.getWriter().println(exhaust(hold != null ? Long.parseLong(hold) : 0));
            return;
        }
        String add = request.getParameter("add");
        int held;
        synchronized (HOARD) {
            if (request.getParameter("release") != null) {
                HOARD.clear();
            }
            if (add != null) {
                int chunks = Integer.parseInt(add) * CHUNKS_PER_MB;
                for (int i = 0; i < chunks; i++) {
                    HOARD.add(new byte[CHUNK_BYTES]);
                }
            }
            held = HOARD.size();
        }
        if (request.getParameter("gc") != null) {
            System.gc();
        }
        response.setContentType("text/plain");
        response.getWriter().printf("holding %d MB in %d arrays of %d bytes%n", held / CHUNKS_PER_MB, held, CHUNK_BYTES);
    }

    /**
     * A leak that ends the way the incident did: OutOfMemoryError: Java heap space. Chained arrays, smaller and smaller,
     * fill the heap down to its last bytes (a list's own growth would fail first and leave room for others).
     */
    private static String exhaust(long holdMillis) throws IOException {
        long started = System.currentTimeMillis(); // resolved before the heap is full
        pause(1); // the first sleep allocates: not with the heap full
        Object[] chain = null;
        int arrays = 0;
        for (int size = 2048; size >= 1; size /= 8) {
            try {
                while (true) {
                    chain = new Object[] { chain, new long[size] };
                    arrays++;
                }
            } catch (OutOfMemoryError full) {
                // smaller ones may still fit
            }
        }
        pause(holdMillis);
        chain = null;
        System.gc();
        return "OutOfMemoryError after " + arrays + " arrays in " + (System.currentTimeMillis() - started) + " ms";
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
