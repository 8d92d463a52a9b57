package dev.vigil.watermark;

import java.util.function.ToLongFunction;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.as.controller.registry.AttributeAccess;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.executor.Metric;

/** A watermark's numeric runtime values: registered as metrics with units, so they also appear at :9990/metrics. */
enum WatermarkMetric implements Metric<WatermarkService> {
    /** state as a number, for alerts: 0 NORMAL, 1 WARNING, 2 CRITICAL. */
    LEVEL("level", ModelType.INT, w -> w.state().level()),
    USED("used", MeasurementUnit.BYTES, w -> w.currentReading().used()),
    MAX("max", MeasurementUnit.BYTES, HeapWatermark::max),
    AFTER_GC_USED("after-gc-used", MeasurementUnit.BYTES, HeapWatermark::afterGcUsed),
    PEAK_USED("peak-used", MeasurementUnit.BYTES, HeapWatermark::peakUsed),
    WARNING_CROSSINGS("warning-crossings", MeasurementUnit.NONE, HeapWatermark::warningCrossings) {
        @Override
        boolean counter() {
            return true;
        }
    },
    CRITICAL_CROSSINGS("critical-crossings", MeasurementUnit.NONE, HeapWatermark::criticalCrossings) {
        @Override
        boolean counter() {
            return true;
        }
    },
    USAGE_PERCENT("usage-percent", MeasurementUnit.PERCENTAGE, null) {
        @Override
        public ModelNode execute(WatermarkService service) {
            return new ModelNode(service.watermark().usagePercent());
        }
    },
    /** Bytes per minute the floor of the after-GC readings rises by; undefined when flat, falling or not known yet. */
    GROWTH_RATE("growth-rate", MeasurementUnit.NONE, null) {
        @Override
        public ModelNode execute(WatermarkService service) {
            Forecast forecast = service.watermark().forecast();
            return forecast != null ? new ModelNode(forecast.growthRate()) : new ModelNode();
        }
    },
    /** Seconds until the floor reaches max at growth-rate; undefined when there is no growth-rate. */
    TIME_TO_FULL("time-to-full", MeasurementUnit.SECONDS, w -> 0) {
        @Override
        public ModelNode execute(WatermarkService service) {
            Forecast forecast = service.watermark().forecast();
            return forecast != null ? new ModelNode(forecast.secondsToFull()) : new ModelNode();
        }
    },
    ;

    private final AttributeDefinition definition;
    private final ToLongFunction<HeapWatermark> value;

    WatermarkMetric(String name, MeasurementUnit unit, ToLongFunction<HeapWatermark> value) {
        this(name, unit, value != null ? ModelType.LONG : ModelType.DOUBLE, value);
    }

    WatermarkMetric(String name, ModelType type, ToLongFunction<HeapWatermark> value) {
        this(name, MeasurementUnit.NONE, type, value);
    }

    WatermarkMetric(String name, MeasurementUnit unit, ModelType type, ToLongFunction<HeapWatermark> value) {
        SimpleAttributeDefinitionBuilder builder = new SimpleAttributeDefinitionBuilder(name, type)
                .setRequired(false)
                .setStorageRuntime()
                .setMeasurementUnit(unit);
        if (counter()) {
            builder.addFlag(AttributeAccess.Flag.COUNTER_METRIC); // only ever rises: a Prometheus counter
        }
        this.definition = builder.build();
        this.value = value;
    }

    boolean counter() {
        return false;
    }

    @Override
    public AttributeDefinition get() {
        return definition;
    }

    @Override
    public ModelNode execute(WatermarkService service) {
        long number = value.applyAsLong(service.watermark());
        return definition.getType() == ModelType.INT ? new ModelNode((int) number) : new ModelNode(number);
    }
}
