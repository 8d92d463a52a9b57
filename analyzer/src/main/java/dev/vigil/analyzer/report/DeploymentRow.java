package dev.vigil.analyzer.report;

/**
 * The heap kept alive by the objects of one deployment's classes: the objects whose class its class loader loaded,
 * and what they alone keep, each object counted once (an object inside another's retained set of the same
 * deployment is not counted twice).
 *
 * @param deployment      {@code deployment.shop.war}; the server's modules are {@code server}, the JDK's classes
 *                        {@code jdk}, another loader its name or class
 * @param retainedBytes   what its objects keep alive
 * @param retainedPercent of {@link Report#heapBytes()}
 * @param objects         its objects (instances of its classes)
 * @param shallowBytes    their own size
 * @param classes         its classes in the dump
 */
public record DeploymentRow(String deployment, long retainedBytes, double retainedPercent, long objects, long shallowBytes, int classes) {
}
