package dev.vigil.analyzer.report;

/**
 * One class in a histogram.
 *
 * @param className    as Java names it: {@code byte[]}, {@code java.util.HashMap$Node}, {@code java.lang.Object[]}
 * @param deployment   the deployment of its class loader, as {@link DeploymentRow#deployment()}
 * @param instances    its instances
 * @param shallowBytes their own size
 */
public record HistogramRow(String className, String deployment, long instances, long shallowBytes) {
}
