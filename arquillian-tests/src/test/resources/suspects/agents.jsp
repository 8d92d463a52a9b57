<%@ page contentType="text/plain" import="com.example.shop.Gate" %><%!
    // Each thread keeps one of these alive: LeakSuspectsIT expects agents_jsp$Context to grow with the threads.
    static final class Context {
        final byte[] buffer = new byte[1024];
        final long started = System.nanoTime();
    }
%><%
    if (request.getParameter("release") != null) {
        Gate.open();
        out.println("released");
    } else {
        int threads = Integer.parseInt(request.getParameter("threads"));
        for (int i = 0; i < threads; i++) {
            final Context context = new Context();
            new Thread(new Runnable() {
                public void run() {
                    Gate.await();
                    context.buffer[0] = (byte) context.started;
                }
            }, "agent-worker").start();
        }
        out.println("started " + threads);
    }
%>
