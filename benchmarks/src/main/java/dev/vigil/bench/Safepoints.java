package dev.vigil.bench;

/** HotSpot's own count of the time every thread stood still: what a pause costs the application. */
final class Safepoints {

    /** The total time at safepoints so far, ms; -1 if this JVM does not say. */
    static long totalMillis() {
        try {
            Object runtime = Class.forName("sun.management.ManagementFactoryHelper").getMethod("getHotspotRuntimeMBean").invoke(null);
            return (Long) Class.forName("sun.management.HotspotRuntimeMBean").getMethod("getTotalSafepointTime").invoke(runtime);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    private Safepoints() {
    }
}
