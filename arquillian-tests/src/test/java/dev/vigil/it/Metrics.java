package dev.vigil.it;

import java.util.List;
import java.util.stream.Collectors;

/** WildFly's Prometheus endpoint, http://127.0.0.1:9990/metrics, where Vigil's numeric runtime attributes appear. */
final class Metrics {

    /**
     * Some of the heap watermark's samples, as WildFly names them: wildfly_ + subsystem + attribute, with the
     * unit appended (so usage-percent, a PERCENTAGE, becomes ..._usage_percent_percent), labelled by resource.
     */
    static final String WARNING_CROSSINGS = "wildfly_vigil_warning_crossings_total{watermark=\"heap\"}";
    static final String CRITICAL_CROSSINGS = "wildfly_vigil_critical_crossings_total{watermark=\"heap\"}";
    static final String USAGE_PERCENT = "wildfly_vigil_usage_percent_percent{watermark=\"heap\"}";

    private Metrics() {
    }

    /** Vigil's part of the page: its samples with their # HELP and # TYPE lines. */
    static List<String> vigilLines() {
        return Http.get(ServerAddress.METRICS_URL).lines()
                .filter(line -> line.startsWith("wildfly_vigil_") || line.contains(" wildfly_vigil_"))
                .collect(Collectors.toList());
    }

    /** The value of the sample {@code nameAndLabels}, e.g. {@code wildfly_vigil_x{watermark="heap"}}. */
    static double value(String nameAndLabels) {
        return Http.get(ServerAddress.METRICS_URL).lines()
                .filter(line -> line.startsWith(nameAndLabels + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(nameAndLabels.length()).trim().split("\\s+")[0]))
                .findFirst()
                .orElseThrow(() -> new AssertionError(nameAndLabels + " is not at " + ServerAddress.METRICS_URL + "; Vigil's lines there: " + vigilLines()));
    }
}
