package dev.vigil.health;

import java.time.Duration;

/**
 * How {@code /vigil/health} answers.
 *
 * @param securityEnabled whether the context asks for management authentication (its answer names deployments, thread
 *                        origins, PIDs and dump files)
 * @param unhealthyAfter  how long a watermark may stay CRITICAL before the answer is 503
 */
public record HealthSettings(boolean securityEnabled, Duration unhealthyAfter) {

    /**
     * 300 s. Long enough for the CRITICAL actions to be taken first: the histogram and the census take seconds, the
     * suspects a second histogram, and a heap dump of a few GB with its analysis in a child JVM one to three minutes
     * (docs/heap-dumps.md); a dump still being written keeps the answer 200 anyway. Short compared to how long a
     * server thrashes before it dies: a heap that stays above critical after full collections spends most of its time
     * in GC and answers slowly for many minutes, often an hour, before OutOfMemoryError; restarting it five minutes
     * in ends that while the evidence is on disk. Kubernetes adds its own failureThreshold × periodSeconds on top.
     */
    public static final long DEFAULT_UNHEALTHY_AFTER = 300;
    public static final long MIN_UNHEALTHY_AFTER = 1;
    /** A day: longer is no liveness rule any more. */
    public static final long MAX_UNHEALTHY_AFTER = 86_400;
    public static final boolean DEFAULT_SECURITY_ENABLED = true;
}
