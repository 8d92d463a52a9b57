package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

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
 * The shipped alert rules and dashboard (ops/) against a real Prometheus scraping a real server: Debian's
 * /usr/bin/prometheus loads ops/prometheus/vigil-rules.yml as it is and scrapes the server's /metrics every second; a
 * leak in hoard.war (2 MB and a full collection a second, under levels lowered for the test) raises the heap's floor
 * until the watermark is CRITICAL with a forecast. Then every query of ops/grafana/vigil-dashboard.json, its variables
 * substituted as Grafana does, returns data, and VigilHeapCritical is pending, then firing a minute later.
 * <p>
 * The steps of one story: they run in order on one server and one Prometheus.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusIT {

    private static final int OFFSET = 20700;
    private static final int PROMETHEUS_PORT = 19091;
    private static final String TARGET = ServerAddress.HOST + ":" + (ServerProcess.MANAGEMENT_PORT + OFFSET);
    private static final String JAVA_OPTS = "-Xms64m -Xmx256m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -XX:+UseG1GC -Djava.net.preferIPv4Stack=true "
            + "-Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true";
    private static final long MIB = 1024 * 1024;
    /** The least trend-window, so that the forecast of the rising floor comes within a minute. */
    private static final int TREND_WINDOW = 60;
    /** MB the leak adds a second, each followed by a full collection: a reading of the floor. */
    private static final int LEAK_MB = 2;
    /** Points above the idle floor where the test puts the levels: CRITICAL after about 25 s of the 2 MB/s leak. */
    private static final int WARNING_ABOVE = 8;
    private static final int CRITICAL_ABOVE = 20;
    /** The leak stops short of this much of the heap, whatever happens: the server must not run out of memory. */
    private static final double LEAK_CEILING_PERCENT = 85;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String CRITICAL_ALERT = "VigilHeapCritical";

    private static Path dir;
    private static ServerProcess server;
    private static WatermarkManagement watermark;
    private static Prometheus prometheus;
    private static Hoard hoard;
    private static ScheduledExecutorService leak;
    private static Instant pendingSeen;

    @BeforeAll
    static void startTheServerAndPrometheus() throws IOException {
        Path home = Path.of(required("vigil.guard.home"));
        dir = home.getParent().resolve("prometheus-it");
        Path base = ServerProcess.freshBase(home, "prometheus-base");
        server = ServerProcess.start("server-prometheus", home, OFFSET, Map.of("JAVA_OPTS", JAVA_OPTS), "-Djboss.server.base.dir=" + base);
        server.awaitRunning();
        watermark = new WatermarkManagement(server.managementPort());
        prometheus = Prometheus.start(dir, PROMETHEUS_PORT, TARGET, rules());
        await("Prometheus scrapes " + TARGET).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> prometheus.targetHealth().equals(List.of("up")));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (leak != null) {
                leak.shutdownNow();
                leak.awaitTermination(30, TimeUnit.SECONDS);
            }
        } finally {
            try {
                if (prometheus != null) {
                    prometheus.close();
                }
            } finally {
                if (watermark != null) {
                    watermark.close();
                }
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void prometheusLoadsEveryShippedRuleAsItIs() throws IOException {
        List<ModelNode> groups = prometheus.ruleGroups();
        List<String> unhealthy = new ArrayList<>();
        Set<String> loaded = new TreeSet<>();
        for (ModelNode group : groups) {
            for (ModelNode rule : group.get("rules").asList()) {
                loaded.add(rule.get("name").asString());
                if (!"ok".equals(rule.get("health").asString()) && !"unknown".equals(rule.get("health").asString())) {
                    unhealthy.add(rule.get("name").asString() + ": " + rule.get("health").asString() + " " + rule.get("lastError").asString(""));
                }
            }
        }
        Set<String> shipped = Files.readAllLines(rules()).stream().map(String::trim).filter(line -> line.startsWith("- alert: "))
                .map(line -> line.substring("- alert: ".length()).trim()).collect(Collectors.toCollection(TreeSet::new));
        assertAll("/api/v1/rules",
                () -> assertEquals(shipped, loaded, "the alerts of " + rules()),
                () -> assertEquals(List.of(), unhealthy, "rules whose evaluation failed"));
    }

    @Test
    @Order(2)
    void aRisingFloorTakesTheWatermarkToCriticalWithAForecast() throws Exception {
        deployHoard();
        // The shipped actions would take dumps and run the analyzer: the test wants the moves only.
        for (String actions : List.of("on-warning", "on-critical")) {
            assertSuccess(watermark.writeAttribute(actions, new ModelNode().add("notify")));
        }
        assertSuccess(watermark.writeAttribute("trend-window", new ModelNode(TREND_WINDOW)));
        hoard.collect();
        ModelNode idle = watermark.readResource();
        int floor = (int) Math.ceil(idle.get("usage-percent").asDouble());
        // warning first: it must stay below critical at each write
        assertSuccess(watermark.writeAttribute("warning", new ModelNode(floor + WARNING_ABOVE)));
        assertSuccess(watermark.writeAttribute("critical", new ModelNode(floor + CRITICAL_ABOVE)));
        assertEquals("NORMAL", watermark.state(), "before the leak: " + watermark.readResource());

        long ceiling = (long) (idle.get("max").asLong() * LEAK_CEILING_PERCENT / 100 - idle.get("after-gc-used").asLong()) / MIB;
        AtomicInteger added = new AtomicInteger();
        leak = Executors.newSingleThreadScheduledExecutor();
        leak.scheduleAtFixedRate(() -> {
            if (added.get() + LEAK_MB <= ceiling) {
                hoard.addAndCollect(LEAK_MB);
                added.addAndGet(LEAK_MB);
            }
        }, 0, 1, TimeUnit.SECONDS);

        String instance = "{instance=\"" + TARGET + "\",job=\"wildfly\",watermark=\"heap\"}";
        await("wildfly_vigil_level 2 (CRITICAL) in Prometheus").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> value("wildfly_vigil_level" + instance), level -> level.orElse(0.0) == 2);
        await("a pending " + CRITICAL_ALERT).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> criticalAlert().map(alert -> alert.get("state").asString()).orElse("none"), "pending"::equals);
        pendingSeen = Instant.now();
        await("a forecast: time-to-full and growth-rate in Prometheus").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> value("wildfly_vigil_time_to_full_seconds" + instance).isPresent() && value("wildfly_vigil_growth_rate" + instance).isPresent());
        System.out.printf(Locale.ROOT, "CRITICAL after %d MB of leak; levels %d/%d; time-to-full %s s, growth-rate %s B/min%n", added.get(),
                floor + WARNING_ABOVE, floor + CRITICAL_ABOVE, value("wildfly_vigil_time_to_full_seconds" + instance).orElseThrow(),
                value("wildfly_vigil_growth_rate" + instance).orElseThrow());
        assertTrue(added.get() + LEAK_MB <= ceiling, "CRITICAL and a forecast before the leak's ceiling (" + ceiling + " MB)");
    }

    @Test
    @Order(3)
    void everyQueryOfTheDashboardReturnsData() throws IOException {
        ModelNode dashboard = ModelNode.fromJSONString(Files.readString(opsFile("grafana/vigil-dashboard.json")));
        List<String> empty = new ArrayList<>();
        int queries = 0;
        for (ModelNode panel : dashboard.get("panels").asList()) {
            for (ModelNode target : panel.get("targets").asList()) {
                String expr = grafanaSubstitutes(target.get("expr").asString());
                List<ModelNode> result = prometheus.query(expr);
                queries++;
                System.out.printf(Locale.ROOT, "panel %s '%s': %s -> %s%n", panel.get("id").asString(), panel.get("title").asString(), expr,
                        result.stream().map(series -> series.get("metric").toJSONString(true) + " " + series.get("value").get(1).asString()).toList());
                if (result.isEmpty()) {
                    empty.add("panel " + panel.get("id").asString() + " '" + panel.get("title").asString() + "': " + expr);
                }
            }
        }
        assertTrue(queries > 0, "the dashboard has queries");
        assertEquals(List.of(), empty, "queries of the dashboard with no data from " + TARGET);
    }

    @Test
    @Order(4)
    void theCriticalAlertFiresAfterAMinuteOfCritical() {
        ModelNode firing = await(CRITICAL_ALERT + " firing").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> criticalAlert().orElse(new ModelNode()), alert -> "firing".equals(alert.get("state").asString()));
        Instant firingSeen = Instant.now();
        Instant activeAt = Instant.parse(firing.get("activeAt").asString());
        System.out.println("firing alert from /api/v1/alerts: " + firing.toJSONString(true));
        ModelNode labels = firing.get("labels");
        assertAll(CRITICAL_ALERT + ": " + firing.toJSONString(true),
                () -> assertEquals("critical", labels.get("severity").asString(), "severity"),
                () -> assertEquals(TARGET, labels.get("instance").asString(), "instance"),
                () -> assertEquals("wildfly", labels.get("job").asString(), "job"),
                () -> assertEquals("heap", labels.get("watermark").asString(), "watermark"),
                () -> assertEquals(2.0, Double.parseDouble(firing.get("value").asString()), "value: the level, CRITICAL"),
                () -> assertTrue(firing.get("annotations").get("summary").asString().contains(TARGET), "the summary names the server"),
                () -> assertTrue(firing.get("annotations").get("description").asString().contains("/subsystem=vigil/service=heap-dumps:list-dumps"),
                        "the description says what to do"),
                // for: 1m. Pending first, for a minute: firing is seen no sooner than a minute after it became active.
                () -> assertTrue(activeAt.isBefore(pendingSeen), "active (" + activeAt + ") before pending was seen (" + pendingSeen + ")"),
                () -> assertTrue(!firingSeen.isBefore(activeAt.plusSeconds(60)), "firing at " + firingSeen + ", a minute after " + activeAt));
    }

    private static void deployHoard() throws IOException {
        Path war = dir.resolve(Hoard.WAR);
        Hoard.deployment().as(ZipExporter.class).exportTo(war.toFile(), true);
        ModelNode add = Operations.createAddOperation(Operations.createAddress("deployment", Hoard.WAR));
        add.get("content").add().get("url").set(war.toUri().toString());
        add.get("enabled").set(true);
        try (Management root = server.management(new ModelNode().setEmptyList())) {
            root.result(add);
        }
        hoard = new Hoard(new URL("http://" + ServerAddress.HOST + ":" + (ServerProcess.HTTP_PORT + OFFSET) + "/hoard/"));
    }

    /** The dashboard's variables as Grafana fills them: this server for $instance, and the least $__rate_interval of a 15 s scrape. */
    private static String grafanaSubstitutes(String expr) {
        return expr.replace("$instance", TARGET.replace(".", "\\\\.")).replace("$__rate_interval", "1m");
    }

    /** The value of the one series the query returns, if it returns one. */
    private static Optional<Double> value(String promql) {
        List<ModelNode> result = prometheus.query(promql);
        if (result.size() > 1) {
            throw new AssertionError(promql + " returned " + result.size() + " series: " + result);
        }
        return result.stream().findFirst().map(series -> Double.parseDouble(series.get("value").get(1).asString()));
    }

    private static Optional<ModelNode> criticalAlert() {
        return prometheus.alerts().stream().filter(alert -> CRITICAL_ALERT.equals(alert.get("labels").get("alertname").asString())).findFirst();
    }

    private static void assertSuccess(ModelNode response) {
        assertTrue(Operations.isSuccessfulOutcome(response), response.toString());
    }

    private static Path rules() {
        return opsFile("prometheus/vigil-rules.yml");
    }

    private static Path opsFile(String name) {
        return Path.of(required("vigil.ops.dir")).resolve(name);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set (the failsafe configuration in pom.xml sets it)");
        }
        return value;
    }
}
