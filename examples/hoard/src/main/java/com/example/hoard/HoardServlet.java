package com.example.hoard;

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
 * <li>{@code ?exhaust} asks for one array as big as the heap's maximum: OutOfMemoryError: Java heap space at once,
 * for this request only (filling the heap instead strikes whichever server thread allocates next, at random).</li>
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
            response.getWriter().println(exhaust());
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

    /** The incident's end, OutOfMemoryError: Java heap space, from one allocation the heap can never hold. */
    private static String exhaust() {
        long max = Runtime.getRuntime().maxMemory();
        try {
            long[] everything = new long[(int) Math.min(Integer.MAX_VALUE - 16, max / Long.BYTES + 1)];
            return "allocated " + everything.length + " longs: the heap is larger than its maximum?";
        } catch (OutOfMemoryError e) {
            return "OutOfMemoryError: " + e.getMessage() + " (asked for " + (max / (1024 * 1024)) + " MB at once)";
        }
    }
}
