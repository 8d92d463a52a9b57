package dev.vigil.watermark;

import java.time.Instant;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.ObjectTypeAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
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
    LAST_CROSSING(LastCrossing.DEFINITION) {
        @Override
        public ModelNode execute(WatermarkService service) {
            Transition last = service.watermark().lastCrossing();
            return last != null ? LastCrossing.toModel(last) : new ModelNode();
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

    /** last-crossing: the watermark's last move, as an object. */
    static final class LastCrossing {
        static final SimpleAttributeDefinition FROM = field("from", ModelType.STRING, null);
        static final SimpleAttributeDefinition TO = field("to", ModelType.STRING, null);
        static final SimpleAttributeDefinition TIME = field("time", ModelType.STRING, null);
        static final SimpleAttributeDefinition USED = field("used", ModelType.LONG, MeasurementUnit.BYTES);
        static final SimpleAttributeDefinition MAX = field("max", ModelType.LONG, MeasurementUnit.BYTES);
        static final SimpleAttributeDefinition USAGE_PERCENT = field("usage-percent", ModelType.DOUBLE, MeasurementUnit.PERCENTAGE);
        static final SimpleAttributeDefinition CAUSE = field("cause", ModelType.STRING, null);
        static final ObjectTypeAttributeDefinition DEFINITION = new ObjectTypeAttributeDefinition.Builder("last-crossing", FROM, TO, TIME, USED, MAX, USAGE_PERCENT, CAUSE)
                .setRequired(false)
                .setStorageRuntime()
                .build();

        private static SimpleAttributeDefinition field(String name, ModelType type, MeasurementUnit unit) {
            SimpleAttributeDefinitionBuilder builder = new SimpleAttributeDefinitionBuilder(name, type).setRequired(false);
            if (unit != null) {
                builder.setMeasurementUnit(unit);
            }
            return builder.build();
        }

        static ModelNode toModel(Transition t) {
            ModelNode node = new ModelNode();
            node.get(FROM.getName()).set(t.from().name());
            node.get(TO.getName()).set(t.to().name());
            node.get(TIME.getName()).set(t.time().toString());
            node.get(USED.getName()).set(t.reading().used());
            node.get(MAX.getName()).set(t.reading().max());
            node.get(USAGE_PERCENT.getName()).set(t.reading().shownPercent());
            node.get(CAUSE.getName()).set(t.cause());
            return node;
        }

        private LastCrossing() {
        }
    }
}
