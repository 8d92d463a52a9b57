package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code GET :9990/vigil/health} on a server of its own (port offset 20500) with the shipped configuration and
 * hoard.war: the document at rest, behind digest authentication as shipped and open with security-enabled=false; 200
 * while the heap watermark is CRITICAL for less than unhealthy-after, 503 after, 200 again once NORMAL; and the action
 * suspend: the server SUSPENDED (WildFly's /health/ready 503) while CRITICAL, RUNNING again once NORMAL. The steps
 * share the server's settings, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT {

    private static final int OFFSET = 20500;
    private static final String HOST = ServerAddress.HOST;
    private static final String HEALTH = "http://" + HOST + ":" + (ServerProcess.MANAGEMENT_PORT + OFFSET) + "/vigil/health";
    private static final String READY = "http://" + HOST + ":" + (ServerProcess.MANAGEMENT_PORT + OFFSET) + "/health/ready";
    private static final ModelNode HEALTH_RESOURCE = Operations.createAddress("subsystem", "vigil", "service", "health");
    private static final String USER = "vigil-health";
    private static final String PASSWORD = "health-" + Long.toHexString(System.nanoTime());
    /** Small, so a CRITICAL turns the answer 503 within the test; large enough that the first answers come before it. */
    private static final long UNHEALTHY_AFTER = 10;
    private static final int SHIPPED_WARNING = 70;
    private static final int SHIPPED_CRITICAL = 85;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private static ServerProcess server;
    private static Management health;
    private static Management root;
    private static WatermarkManagement watermark;
    private static Hoard hoard;

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("vigil.guard.home"));
        Path base = ServerProcess.freshBase(home, "health-base");
        Hoard.deployment().as(ZipExporter.class).exportTo(base.resolve("deployments").resolve(Hoard.WAR).toFile(), true);
        // a management user, as add-user.sh writes it: HEX(MD5(user:ManagementRealm:password)), read at boot
        byte[] digest = MessageDigest.getInstance("MD5").digest((USER + ":ManagementRealm:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(base.resolve("configuration/mgmt-users.properties"), "\n" + USER + "=" + String.format("%032x", new BigInteger(1, digest)) + "\n",
                StandardOpenOption.APPEND);
        server = ServerProcess.start("server-health", home, OFFSET, "-Djboss.server.base.dir=" + base);
        server.awaitRunning();
        health = server.management(HEALTH_RESOURCE);
        root = server.management(new ModelNode().setEmptyList());
        watermark = new WatermarkManagement(server.managementPort());
        hoard = new Hoard(new URL("http://" + HOST + ":" + (ServerProcess.HTTP_PORT + OFFSET) + "/hoard/"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (AutoCloseable client : new AutoCloseable[] { watermark, root, health }) {
                if (client != null) {
                    client.close();
                }
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Order(1)
    void asShippedAnUnauthenticatedGetIs401() {
        HttpResponse<String> anonymous = get(HEALTH);

        assertAll(() -> assertEquals(true, health.readAttribute("security-enabled").asBoolean(), "shipped security-enabled"),
                () -> assertEquals(300, health.readAttribute("unhealthy-after").asLong(), "shipped unhealthy-after"),
                () -> assertEquals(401, anonymous.statusCode(), "no credentials: " + anonymous.body()));
    }

    @Test
    @Order(2)
    void curlWithDigestAuthenticationGetsTheDocumentAtRest() throws Exception {
        // the command docs/health.md gives
        Process curl = new ProcessBuilder("curl", "-s", "--digest", "-u", USER + ":" + PASSWORD, "-w", "\n%{http_code}", HEALTH).redirectErrorStream(true).start();
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl ends");
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String status = out.substring(out.lastIndexOf('\n') + 1);
        ModelNode body = ModelNode.fromJSONString(out.substring(0, out.lastIndexOf('\n')));

        ModelNode heap = body.get("watermarks").get(0);
        assertAll("curl --digest: " + out,
                () -> assertEquals("200", status, "HTTP status"),
                () -> assertEquals("UP", body.get("status").asString(), "status"),
                () -> assertEquals(300, body.get("unhealthy-after").asLong(), "unhealthy-after"),
                () -> assertEquals("heap", heap.get("name").asString(), "the shipped watermark"),
                () -> assertEquals("NORMAL", heap.get("state").asString(), "its state"),
                () -> assertFalse(Instant.parse(heap.get("since").asString()).isAfter(Instant.parse(body.get("time").asString())), "since when"),
                () -> assertTrue(heap.get("usage-percent").asDouble(-1) >= 0, "usage-percent"),
                () -> assertTrue(heap.get("forecast").has("growth-rate") && heap.get("forecast").has("time-to-full"), "forecast"),
                () -> assertFalse(body.get("instance-guard", "duplicate").asBoolean(true), "guard: no duplicate"),
                () -> assertEquals(0, body.get("instance-guard", "contenders").asList().size(), "guard: no contender"),
                () -> assertEquals(0, body.get("thread-census", "origins-over-warning").asList().size(), "census: no warning"),
                () -> assertFalse(body.get("heap-dumps", "dump-in-progress").asBoolean(true), "no dump being written"),
                () -> assertTrue(body.get("heap-dumps").has("last-dump"), "last-dump (undefined: none yet)"),
                () -> assertFalse(body.get("suspension", "held-by-vigil").asBoolean(true), "Vigil holds no suspension"),
                () -> assertEquals("RUNNING", body.get("suspension", "suspend-state").asString(), "suspend-state"));
    }

    @Test
    @Order(3)
    void withSecurityDisabledItAnswersWithoutCredentialsAndOnlyToGet() throws Exception {
        assertTrue(Operations.isSuccessfulOutcome(health.writeAttribute("security-enabled", ModelNode.FALSE)));
        HttpResponse<String> open = get(HEALTH);
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create(HEALTH)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertAll(() -> assertEquals(200, open.statusCode(), "no credentials needed: " + open.body()),
                () -> assertEquals("UP", ModelNode.fromJSONString(open.body()).get("status").asString()),
                () -> assertEquals("application/json", open.headers().firstValue("Content-Type").orElse(""), "Content-Type"),
                () -> assertEquals(405, post.statusCode(), "POST"),
                () -> assertEquals("GET", post.headers().firstValue("Allow").orElse(""), "Allow"));
    }

    @Test
    @Order(4)
    void criticalLongerThanUnhealthyAfterIs503AndNormalAgainIs200() throws Exception {
        assertTrue(Operations.isSuccessfulOutcome(health.writeAttribute("unhealthy-after", new ModelNode(UNHEALTHY_AFTER))));
        assertTrue(Operations.isSuccessfulOutcome(watermark.writeAttribute("on-critical", new ModelNode().add("notify"))), "no dump for this rise");
        lowerLevelsBelowHoard();
        await("heap CRITICAL").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> "CRITICAL".equals(watermark.state()));

        // Every answer follows the rule by its own clock: 200 while CRITICAL is younger than unhealthy-after, 503 after.
        List<String> seen = new ArrayList<>();
        await("503 once CRITICAL lasted " + UNHEALTHY_AFTER + " s").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> answer = get(HEALTH);
            ModelNode body = ModelNode.fromJSONString(answer.body());
            ModelNode heap = body.get("watermarks").get(0);
            long critical = Duration.between(Instant.parse(heap.get("since").asString()), Instant.parse(body.get("time").asString())).toSeconds();
            seen.add(answer.statusCode() + " after " + critical + " s");
            assertEquals("CRITICAL", heap.get("state").asString(), "still CRITICAL: " + body);
            assertEquals(critical >= UNHEALTHY_AFTER ? 503 : 200, answer.statusCode(), "CRITICAL for " + critical + " s: " + body);
            assertEquals(answer.statusCode() == 503 ? "DOWN" : "UP", body.get("status").asString());
            return answer.statusCode() == 503;
        });
        assertTrue(seen.get(0).startsWith("200"), "200 first, while CRITICAL was young: " + seen);

        hoard.releaseAndCollect();
        await("200 once NORMAL").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> get(HEALTH).statusCode() == 200);
        assertEquals("NORMAL", ModelNode.fromJSONString(get(HEALTH).body()).get("watermarks").get(0).get("state").asString());
        assertTrue(Operations.isSuccessfulOutcome(watermark.execute(levels(SHIPPED_WARNING, SHIPPED_CRITICAL))), "shipped levels back");
    }

    @Test
    @Order(5)
    void suspendHoldsTheServerSuspendedWhileCriticalAndResumesItWhenNormal() throws Exception {
        assertTrue(Operations.isSuccessfulOutcome(health.writeAttribute("unhealthy-after", new ModelNode(300))));
        assertTrue(Operations.isSuccessfulOutcome(watermark.writeAttribute("on-critical", new ModelNode().add("suspend"))));
        assertEquals(200, get(READY).statusCode(), "ready before");
        lowerLevelsBelowHoard();

        await("the server SUSPENDED").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> "SUSPENDED".equals(root.readAttribute("suspend-state").asString()));
        HttpResponse<String> ready = get(READY);
        ModelNode suspension = ModelNode.fromJSONString(get(HEALTH).body()).get("suspension");
        assertAll(() -> assertEquals(503, ready.statusCode(), "/health/ready while suspended: " + ready.body()),
                () -> assertTrue(suspension.get("held-by-vigil").asBoolean(), "/vigil/health says Vigil holds it: " + suspension),
                () -> assertEquals("heap", suspension.get("watermarks").get(0).asString(), "for heap"),
                () -> assertEquals("SUSPENDED", suspension.get("suspend-state").asString()));

        // hoard.war answers nothing while suspended: the levels go up instead, and the last reading is NORMAL against them
        assertTrue(Operations.isSuccessfulOutcome(watermark.execute(levels(98, 99))));
        await("the server RUNNING again").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> "RUNNING".equals(root.readAttribute("suspend-state").asString()));
        await("ready 200 again").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> get(READY).statusCode() == 200);
        assertFalse(ModelNode.fromJSONString(get(HEALTH).body()).get("suspension", "held-by-vigil").asBoolean(), "no hold left");
        assertTrue(server.log().contains("VIGIL0504") && server.log().contains("VIGIL0505"), "suspended and resumed, logged with ids");
        hoard.releaseAndCollect();
        assertTrue(Operations.isSuccessfulOutcome(watermark.execute(levels(SHIPPED_WARNING, SHIPPED_CRITICAL))), "shipped levels back");
    }

    /**
     * Adds a quarter of the heap's max to the hoard (a full GC after): far above what the idle server holds, far below the shipped warning, while the levels are the shipped ones, then puts critical just under the
     * after-GC usage and warning below it: CRITICAL at once, and NORMAL again once the hoard lets go (below warning - 5).
     */
    private static void lowerLevelsBelowHoard() {
        hoard.addAndCollect(watermark.readAttribute("max").asLong() / 4 / (1024 * 1024));
        ModelNode now = watermark.readResource();
        int percent = (int) Math.floor(100.0 * now.get("after-gc-used").asLong() / now.get("max").asLong());
        assertTrue(percent >= 20 && percent < SHIPPED_WARNING - 5, "the hoard holds a quarter of the heap: " + now);
        assertTrue(Operations.isSuccessfulOutcome(watermark.execute(levels(percent - 2, percent - 1))), "levels under " + percent + " %");
    }

    /** Both levels in one composite, so warning stays below critical at every step. */
    private static ModelNode levels(int warning, int critical) {
        ModelNode composite = Operations.createCompositeOperation();
        ModelNode current = watermark.readResource();
        boolean up = warning > current.get("critical").asInt();
        // written in the order that keeps warning below critical in between
        ModelNode writeWarning = Operations.createWriteAttributeOperation(WatermarkManagement.ADDRESS, "warning", warning);
        ModelNode writeCritical = Operations.createWriteAttributeOperation(WatermarkManagement.ADDRESS, "critical", critical);
        composite.get("steps").add(up ? writeCritical : writeWarning);
        composite.get("steps").add(up ? writeWarning : writeCritical);
        return composite;
    }

    private static HttpResponse<String> get(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
