<%@ page contentType="text/plain" import="com.example.shop.Gate" %><%
    // The incident: every request starts a thread through an anonymous inner class, and nothing ever stops them.
    if (request.getParameter("release") != null) {
        Gate.open();
        out.println("released");
    } else {
        new Thread(new Runnable() {
            public void run() {
                Gate.await();
            }
        }, "bot-api-worker").start();
        out.println("started");
    }
%>
