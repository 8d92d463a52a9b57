<%@ page contentType="text/plain" import="com.example.shop.Gate,java.util.concurrent.atomic.AtomicInteger" %><%!
    /** What each request hands its thread: the request's parts, 32 KiB each. */
    static final class Envelope {
        final Object[] parts;

        Envelope(int kib) {
            parts = new Object[Math.max(1, kib / 32)];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = new byte[32 * 1024];
            }
        }
    }

    private static final AtomicInteger RELAYS = new AtomicInteger();
%><%
    // The incident, with its memory: each request starts threads through an anonymous inner class, and each thread
    // keeps the request's envelope alive until the gate opens (relay.jsp?release) or five minutes pass.
    if (request.getParameter("release") != null) {
        Gate.open();
        out.println("released");
        return;
    }
    if (request.getParameter("gc") != null) {
        System.gc();
        out.println("collected");
        return;
    }
    int threads = request.getParameter("threads") != null ? Integer.parseInt(request.getParameter("threads")) : 1;
    int kib = request.getParameter("kib") != null ? Integer.parseInt(request.getParameter("kib")) : 1024;
    for (int i = 0; i < threads; i++) {
        final Envelope env = new Envelope(kib);
        new Thread(new Runnable() {
            public void run() {
                Gate.await();
                if (env.parts.length < 0) {
                    throw new IllegalStateException(); // never: the envelope is read, so it is the thread's to keep
                }
            }
        }, "relay-" + RELAYS.incrementAndGet()).start();
    }
    out.println("started " + threads);
%>
