package dev.vigil.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.dmr.ModelNode;

/**
 * A real Prometheus (Debian's /usr/bin/prometheus) that the test starts on 127.0.0.1, scraping one WildFly's /metrics
 * every second and evaluating the given rule file every second, with its configuration, storage and log in a directory
 * of its own; read through its HTTP API as Grafana and amtool read it.
 */
final class Prometheus implements AutoCloseable {

    private final Process process;
    private final String api;
    final Path log;

    private Prometheus(Process process, int port, Path log) {
        this.process = process;
        this.api = "http://" + ServerAddress.HOST + ":" + port + "/api/v1/";
        this.log = log;
    }

    /**
     * Writes {@code dir}/prometheus.yml (job "wildfly", the target, the rule file as it is) and starts Prometheus on
     * it; its storage ({@code dir}/data) is deleted first, so a run starts with no series of the last.
     */
    static Prometheus start(Path dir, int port, String target, Path rules) throws IOException {
        if (!Files.isRegularFile(rules)) {
            throw new IllegalStateException("no rule file " + rules);
        }
        Path executable = executable();
        ServerProcess.deleteTree(dir);
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - '" + rules.toAbsolutePath() + "'",
                "scrape_configs:",
                "  - job_name: wildfly",
                "    static_configs:",
                "      - targets: ['" + target + "']",
                ""));
        Path log = dir.resolve("prometheus.log");
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=" + ServerAddress.HOST + ":" + port).redirectErrorStream(true).redirectOutput(log.toFile());
        Prometheus prometheus = new Prometheus(builder.start(), port, log);
        await("Prometheus answers on " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!prometheus.process.isAlive()) {
                throw new AssertionError("Prometheus ended with exit code " + prometheus.process.exitValue() + ":\n" + prometheus.log());
            }
            try {
                return prometheus.get("status/runtimeinfo").isDefined();
            } catch (AssertionError notYet) {
                return false;
            }
        });
        return prometheus;
    }

    /** /usr/bin/prometheus, Debian's package, or another named by -Dvigil.prometheus. */
    private static Path executable() {
        Path executable = Path.of(System.getProperty("vigil.prometheus", "/usr/bin/prometheus"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("no Prometheus at " + executable + ": PrometheusIT runs a real one. Install Debian's or Ubuntu's "
                    + "package 'prometheus' (sudo apt-get install prometheus; .ci/run does this), or name another with -Dvigil.prometheus=/path/to/prometheus");
        }
        return executable;
    }

    /** The scrape targets' health ("up", "down", "unknown"), as /api/v1/targets lists them. */
    List<String> targetHealth() {
        return get("targets").get("activeTargets").asList().stream().map(target -> target.get("health").asString()).toList();
    }

    /** An instant query's result: one node per series, with its "metric" (labels) and "value" ([time, "number"]). */
    List<ModelNode> query(String promql) {
        ModelNode data = get("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return data.get("result").isDefined() ? data.get("result").asList() : List.of();
    }

    /** The pending and firing alerts, each with its labels, annotations, state and activeAt. */
    List<ModelNode> alerts() {
        ModelNode alerts = get("alerts").get("alerts");
        return alerts.isDefined() ? alerts.asList() : List.of();
    }

    /** The rule groups loaded, each with its rules (name, health, lastError, state). */
    List<ModelNode> ruleGroups() {
        return get("rules").get("groups").asList();
    }

    /** The "data" of an API answer whose status is "success"; an error naming the request otherwise. */
    private ModelNode get(String path) {
        ModelNode answer = ModelNode.fromJSONString(Http.get(api + path));
        if (!"success".equals(answer.get("status").asString())) {
            throw new AssertionError(api + path + " answered " + answer.toJSONString(true));
        }
        return answer.get("data");
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as systemd stops it; killed if it has not ended within 30 s. No process is left behind. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
