package dev.vigil.it.evidence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * evidence.war: {@code ?keep=N} keeps exactly N {@link Evidence} objects alive (a heap dump must show N of them).
 */
@WebServlet("/evidence")
public class EvidenceServlet extends HttpServlet {

    private static final List<Evidence> KEPT = new ArrayList<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String answer;
        if (request.getParameter("keep") != null) {
            int count = Integer.parseInt(request.getParameter("keep"));
            synchronized (KEPT) {
                KEPT.clear();
                for (int i = 0; i < count; i++) {
                    KEPT.add(new Evidence(i));
                }
            }
            answer = "keeping " + count;
        } else {
            answer = "keeping " + KEPT.size();
        }
        response.setContentType("text/plain");
        response.getWriter().println(answer);
    }
}
