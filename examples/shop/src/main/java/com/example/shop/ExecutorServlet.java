package com.example.shop;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /executor?tasks=N} submits N {@link SleepTask}s to a pool of the servlet's own, which is never shut down:
 * its threads outlive the deployment, as in a real leak.
 */
@WebServlet("/executor")
public class ExecutorServlet extends HttpServlet {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int tasks = Integer.parseInt(request.getParameter("tasks"));
        for (int i = 0; i < tasks; i++) {
            POOL.execute(new SleepTask());
        }
        response.setContentType("text/plain");
        response.getWriter().println("submitted " + tasks);
    }
}
