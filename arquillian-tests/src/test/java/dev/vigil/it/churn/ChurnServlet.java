package dev.vigil.it.churn;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A busy server that does not leak: a cache of {@code ?start=MB} megabytes (16 KB entries) whose entries are replaced
 * at random, {@code rate} megabytes a second, by a thread of its own: it never grows, but every entry dies old, so
 * after each young collection the old generation holds garbage that only G1's mixed collections free. {@code ?rate=N}
 * alone changes the pace of the running churn, {@code ?stop} ends the thread and drops the cache. Undeploying stops it too.
 */
@WebServlet(urlPatterns = "/churn", loadOnStartup = 1)
public class ChurnServlet extends HttpServlet {

    static final int ENTRY_BYTES = 16 * 1024;
    static final int ENTRIES_PER_MB = 1024 * 1024 / ENTRY_BYTES;

    private volatile Thread churner;
    private volatile boolean running;
    private volatile long replaced;
    private volatile long nanosPerEntry;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String start = request.getParameter("start");
        if (start != null) {
            start(Integer.parseInt(start), Integer.parseInt(request.getParameter("rate")));
        } else if (request.getParameter("rate") != null) {
            nanosPerEntry = nanosPerEntry(Integer.parseInt(request.getParameter("rate")));
        } else if (request.getParameter("stop") != null) {
            stop();
        }
        response.setContentType("text/plain");
        response.getWriter().printf("running=%s replaced=%d MB%n", running, replaced / ENTRIES_PER_MB);
    }

    private synchronized void start(int megabytes, int megabytesPerSecond) {
        stop();
        byte[][] cache = new byte[megabytes * ENTRIES_PER_MB][];
        for (int i = 0; i < cache.length; i++) {
            cache[i] = new byte[ENTRY_BYTES];
        }
        nanosPerEntry = nanosPerEntry(megabytesPerSecond);
        running = true;
        replaced = 0;
        churner = new Thread(() -> {
            long due = System.nanoTime();
            while (running) {
                cache[ThreadLocalRandom.current().nextInt(cache.length)] = new byte[ENTRY_BYTES];
                replaced++;
                due += nanosPerEntry;
                long ahead = due - System.nanoTime();
                if (ahead > 1_000_000) {
                    LockSupport.parkNanos(ahead); // pacing the load, not waiting for a condition
                }
            }
        }, "churn");
        churner.setDaemon(true);
        churner.start();
    }

    private static long nanosPerEntry(int megabytesPerSecond) {
        return 1_000_000_000L / ((long) megabytesPerSecond * ENTRIES_PER_MB);
    }

    private synchronized void stop() {
        running = false;
        Thread thread = churner;
        churner = null;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void destroy() {
        stop();
    }
}
