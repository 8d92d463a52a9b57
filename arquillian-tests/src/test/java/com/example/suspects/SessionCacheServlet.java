package com.example.suspects;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * LeakSuspectsIT's static-map leak: {@code ?add=N} keeps N more {@link Session}s in a static map, {@code ?clear}
 * empties it, {@code ?gc} runs System.gc(); {@code ?churn=N} makes N sessions that no one keeps (a load that leaks nothing).
 */
@WebServlet("/cache")
public class SessionCacheServlet extends HttpServlet {

    private static final Map<Long, Session> SESSIONS = new HashMap<>();
    private static long next;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int held;
        long churned = 0;
        synchronized (SESSIONS) {
            if (request.getParameter("clear") != null) {
                SESSIONS.clear();
            }
            String add = request.getParameter("add");
            for (int i = 0; add != null && i < Integer.parseInt(add); i++) {
                SESSIONS.put(next, new Session(next++));
            }
            held = SESSIONS.size();
        }
        String churn = request.getParameter("churn");
        for (int i = 0; churn != null && i < Integer.parseInt(churn); i++) {
            churned += new Session(i).hash();
        }
        if (request.getParameter("gc") != null) {
            System.gc();
        }
        response.setContentType("text/plain");
        response.getWriter().printf("holding %d sessions (%d)%n", held, churned & 1);
    }
}
