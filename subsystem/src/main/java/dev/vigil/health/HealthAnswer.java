package dev.vigil.health;

import java.time.Instant;

import org.jboss.dmr.ModelNode;

/**
 * One answer of {@code /vigil/health}: the verdict and the document that explains it.
 *
 * @param verdict UP (200) or DOWN (503), and why
 * @param body    the JSON document
 */
public record HealthAnswer(HealthVerdict verdict, ModelNode body) {

    /** Reads every source once and judges on what it read, so the document and the status agree. */
    public static HealthAnswer of(HealthSources sources, HealthSettings settings, Instant now) {
        ModelNode watermarks = sources.watermarks().get();
        ModelNode dumps = sources.heapDumps().get();
        boolean dumpInProgress = dumps.isDefined() && dumps.get("dump-in-progress").asBoolean(false);
        HealthVerdict verdict = HealthVerdict.judge(watermarks, dumpInProgress, settings.unhealthyAfter(), now);
        ModelNode body = new ModelNode();
        body.get("status").set(verdict.status());
        body.get("reason").set(verdict.reason());
        body.get("time").set(now.toString());
        body.get("unhealthy-after").set(settings.unhealthyAfter().toSeconds());
        body.get("watermarks").set(watermarks.isDefined() ? watermarks : new ModelNode().setEmptyList());
        body.get("heap-dumps").set(dumps);
        body.get("instance-guard").set(sources.guard().get());
        body.get("thread-census").set(sources.census().get());
        body.get("suspension").set(sources.suspension().get());
        return new HealthAnswer(verdict, body);
    }
}
