package dev.vigil.health;

import java.util.function.Supplier;

import org.jboss.dmr.ModelNode;

/**
 * Where the health check reads the other capabilities' standing, given by the subsystem's wiring: each supplier
 * answers an undefined node when its capability is not configured or not running.
 *
 * @param watermarks each watermark's name, state, since, usage-percent and forecast (a list)
 * @param heapDumps  the last dump and whether one is being written
 * @param guard      the instance guard's duplicate flag, duplicates and contenders
 * @param census     the origins over origin-warning
 * @param suspension whether Vigil holds the server suspended, since when, for which watermarks
 */
public record HealthSources(Supplier<ModelNode> watermarks, Supplier<ModelNode> heapDumps, Supplier<ModelNode> guard, Supplier<ModelNode> census,
                            Supplier<ModelNode> suspension) {
}
