package dev.vigil.watermark;

import java.time.Instant;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.executor.Metric;

/** A watermark's runtime values that are not numbers: read-only, live, not metrics. */
enum WatermarkRuntimeAttribute implements Metric<WatermarkService> {
    STATE(new SimpleAttributeDefinitionBuilder("state", ModelType.STRING).setRequired(false).setStorageRuntime().build()) {
        @Override
        public ModelNode execute(WatermarkService service) {
            return new ModelNode(service.watermark().state().name());
        }
    },
    PEAK_TIME(new SimpleAttributeDefinitionBuilder("peak-time", ModelType.STRING).setRequired(false).setStorageRuntime().build()) {
        @Override
        public ModelNode execute(WatermarkService service) {
            Instant time = service.watermark().peakTime();
            return time != null ? new ModelNode(time.toString()) : new ModelNode();
        }
    },
    LAST_CROSSING(TransitionField.LAST_CROSSING) {
        @Override
        public ModelNode execute(WatermarkService service) {
            Transition last = service.watermark().lastCrossing();
            return last != null ? TransitionField.toModel(last) : new ModelNode();
        }
    },
    ;

    private final AttributeDefinition definition;

    WatermarkRuntimeAttribute(AttributeDefinition definition) {
        this.definition = definition;
    }

    @Override
    public AttributeDefinition get() {
        return definition;
    }
}
