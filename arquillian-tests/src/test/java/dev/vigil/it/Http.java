package dev.vigil.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** GETs and POSTs for the server's HTTP faces (hoard.war, Jolokia, /metrics): the body, or an error naming the URL. */
final class Http {

    /** HTTP/1.1: what the Jolokia agent and /metrics speak (HTTP/2 would first offer them an h2c upgrade). */
    private static final HttpClient CLIENT = client();

    static String get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build());
    }

    /**
     * POSTs a JSON body (a Jolokia request) and returns the answer's body. On a connection of its own: the agent's HTTP
     * server closes idle connections, and a POST sent on a pooled one just closed is lost ("header parser received no
     * bytes"), since the client retries only idempotent requests.
     */
    static String postJson(String url, String json) {
        return send(client(), HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * POSTs a JSON body with HTTP basic authentication (none if {@code user} is null) and returns the whole response,
     * whatever its status: callers check refusals (401) too.
     */
    static HttpResponse<String> postJson(String url, String json, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (user != null) {
            String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        try {
            return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static String send(HttpRequest request) {
        return send(CLIENT, request);
    }

    private static String send(HttpClient client, HttpRequest request) {
        String url = request.uri().toString();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(url + " answered HTTP " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (HttpTimeoutException e) {
            // unanswered: say what the server (and this JVM's client) were doing, so that a hang explains itself
            throw new AssertionError(url + " failed: " + e + "\n" + ServerThreads.whenUnanswered(request.uri().getPort()), e);
        } catch (IOException e) {
            throw new AssertionError(url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Http() {
    }
}
