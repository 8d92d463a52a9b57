package dev.vigil.health;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

/**
 * The management HTTP context {@code /vigil}: {@code GET /vigil/health} answers the health document, 200 or 503;
 * another method 405, another path 404. What the answer holds is read once per request from the running capabilities.
 */
final class HealthHandler implements HttpHandler {

    static final String CONTEXT = "vigil";
    static final String PATH = "/" + CONTEXT + "/health";

    private final HealthService service;

    HealthHandler(HealthService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
            exchange.setStatusCode(404);
            exchange.endExchange();
            return;
        }
        if (!Methods.GET.equals(exchange.getRequestMethod())) {
            exchange.setStatusCode(405);
            exchange.getResponseHeaders().put(Headers.ALLOW, Methods.GET_STRING);
            exchange.endExchange();
            return;
        }
        HealthAnswer answer = service.answer();
        exchange.setStatusCode(answer.verdict().httpStatus());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        // a probe must never read a cached answer
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(answer.body().toJSONString(false));
    }
}
