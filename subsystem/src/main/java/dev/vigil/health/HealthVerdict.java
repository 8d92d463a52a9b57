package dev.vigil.health;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.jboss.dmr.ModelNode;

/**
 * What {@code /vigil/health} answers, decided from the watermarks' standing: DOWN (503) once a watermark has stayed
 * CRITICAL longer than unhealthy-after, so that a liveness probe restarts a server that is about to die; UP (200)
 * otherwise. A heap dump being written keeps it UP: a restart then would lose the one piece of evidence that takes
 * longest, and the dump's end is the moment the probe may fail. Plain Java: its test feeds it standings and times.
 *
 * @param up     whether the server is healthy
 * @param reason why, in words, for the answer's {@code reason}
 */
public record HealthVerdict(boolean up, String reason) {

    public int httpStatus() {
        return up ? 200 : 503;
    }

    public String status() {
        return up ? "UP" : "DOWN";
    }

    /**
     * @param watermarks     the watermarks' standing (each with {@code name}, {@code state}, {@code since})
     * @param dumpInProgress whether a heap dump is being written now
     */
    public static HealthVerdict judge(ModelNode watermarks, boolean dumpInProgress, Duration unhealthyAfter, Instant now) {
        String longest = null;
        Duration longestFor = Duration.ZERO;
        String youngest = null;
        for (ModelNode watermark : watermarks.isDefined() ? watermarks.asList() : java.util.List.<ModelNode>of()) {
            if (!"CRITICAL".equals(watermark.get("state").asString(""))) {
                continue;
            }
            Instant since = since(watermark);
            Duration critical = since != null ? Duration.between(since, now) : Duration.ZERO;
            String name = watermark.get("name").asString("?");
            if (critical.compareTo(unhealthyAfter) >= 0) {
                if (longest == null || critical.compareTo(longestFor) > 0) {
                    longest = name;
                    longestFor = critical;
                }
            } else if (youngest == null) {
                youngest = name + " CRITICAL for " + critical.toSeconds() + " s, unhealthy after " + unhealthyAfter.toSeconds() + " s";
            }
        }
        if (longest == null) {
            return new HealthVerdict(true, youngest != null ? "watermark " + youngest : "no watermark is CRITICAL");
        }
        String critical = "watermark " + longest + " CRITICAL for " + longestFor.toSeconds() + " s, unhealthy after " + unhealthyAfter.toSeconds() + " s";
        if (dumpInProgress) {
            return new HealthVerdict(true, critical + ", but a heap dump is being written: UP until it is on disk");
        }
        return new HealthVerdict(false, critical);
    }

    private static Instant since(ModelNode watermark) {
        try {
            return watermark.hasDefined("since") ? Instant.parse(watermark.get("since").asString()) : null;
        } catch (DateTimeParseException e) {
            return null; // not known: judged as just entered
        }
    }
}
