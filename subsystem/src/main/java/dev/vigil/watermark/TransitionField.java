package dev.vigil.watermark;

import java.util.EnumSet;
import java.util.function.Function;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.ObjectTypeAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

/**
 * The one field list of a watermark's move: jboss-cli's {@code last-crossing}, each JMX notification's userData, the
 * note beside a dump the move asked for, and JMX's {@code LastCrossing} ({@link Crossing}, whose getters the MXBean
 * mapping reads) all carry exactly these fields. Model names are hyphenated, JMX item names camel case.
 */
public enum TransitionField {
    WATERMARK("watermark", "watermark", ModelType.STRING, null, "watermark name", Transition::watermark),
    FROM("from", "from", ModelType.STRING, null, "state before", t -> t.from().name()),
    TO("to", "to", ModelType.STRING, null, "state after", t -> t.to().name()),
    TIME("time", "time", ModelType.STRING, null, "ISO-8601 time", t -> t.time().toString()),
    USED("used", "used", ModelType.LONG, MeasurementUnit.BYTES, "bytes used", t -> t.reading().used()),
    MAX("max", "max", ModelType.LONG, MeasurementUnit.BYTES, "bytes allowed", t -> t.reading().max()),
    /** One decimal, as everything of Vigil's shows it. */
    USAGE_PERCENT("usage-percent", "usagePercent", ModelType.DOUBLE, MeasurementUnit.PERCENTAGE, "percent used", t -> t.reading().shownPercent()),
    WARNING("warning", "warning", ModelType.INT, MeasurementUnit.PERCENTAGE, "warning level (percent)", Transition::warning),
    CRITICAL("critical", "critical", ModelType.INT, MeasurementUnit.PERCENTAGE, "critical level (percent)", Transition::critical),
    MEASURE("measure", "measure", ModelType.STRING, null, "after-gc or current", t -> t.measure().toString()),
    POOLS("pools", "pools", ModelType.STRING, null, "pools, comma-separated", t -> String.join(",", t.pools())),
    CAUSE("cause", "cause", ModelType.STRING, null, "what produced the reading", Transition::cause),
    ;

    /** {@code last-crossing} in the management model. */
    public static final ObjectTypeAttributeDefinition LAST_CROSSING = new ObjectTypeAttributeDefinition.Builder("last-crossing",
            EnumSet.allOf(TransitionField.class).stream().map(TransitionField::definition).toArray(AttributeDefinition[]::new))
            .setRequired(false)
            .setStorageRuntime()
            .build();

    /** The type of JMX's {@code LastCrossing} and of a notification's userData. */
    public static final CompositeType COMPOSITE_TYPE = compositeType();

    private final String modelName;
    private final String jmxName;
    private final String description;
    private final SimpleAttributeDefinition definition;
    private final Function<Transition, Object> value;

    TransitionField(String modelName, String jmxName, ModelType type, MeasurementUnit unit, String description, Function<Transition, Object> value) {
        this.modelName = modelName;
        this.jmxName = jmxName;
        this.description = description;
        SimpleAttributeDefinitionBuilder builder = new SimpleAttributeDefinitionBuilder(modelName, type).setRequired(false);
        if (unit != null) {
            builder.setMeasurementUnit(unit);
        }
        this.definition = builder.build();
        this.value = value;
    }

    SimpleAttributeDefinition definition() {
        return definition;
    }

    /** The item's name in JMX (CompositeData). */
    String jmxName() {
        return jmxName;
    }

    /** This field of the move. */
    Object value(Transition t) {
        return value.apply(t);
    }

    /** The move as the management model and the dump's note show it. */
    public static ModelNode toModel(Transition t) {
        ModelNode node = new ModelNode();
        for (TransitionField field : values()) {
            Object v = field.value.apply(t);
            ModelNode item = node.get(field.modelName);
            if (v instanceof Long l) {
                item.set(l);
            } else if (v instanceof Integer i) {
                item.set(i);
            } else if (v instanceof Double d) {
                item.set(d);
            } else {
                item.set(String.valueOf(v));
            }
        }
        return node;
    }

    /** The move as JMX shows it. */
    public static CompositeData toCompositeData(Transition t) {
        String[] names = new String[values().length];
        Object[] items = new Object[values().length];
        for (TransitionField field : values()) {
            names[field.ordinal()] = field.jmxName;
            items[field.ordinal()] = field.value.apply(t);
        }
        try {
            return new CompositeDataSupport(COMPOSITE_TYPE, names, items);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompositeType compositeType() {
        TransitionField[] fields = values();
        String[] names = new String[fields.length];
        String[] descriptions = new String[fields.length];
        OpenType<?>[] types = new OpenType<?>[fields.length];
        for (TransitionField field : fields) {
            names[field.ordinal()] = field.jmxName;
            descriptions[field.ordinal()] = field.description;
            types[field.ordinal()] = switch (field.definition.getType()) {
                case LONG -> SimpleType.LONG;
                case INT -> SimpleType.INTEGER;
                case DOUBLE -> SimpleType.DOUBLE;
                default -> SimpleType.STRING;
            };
        }
        try {
            return new CompositeType("vigil.watermark.Transition", "A watermark's move between states", names, descriptions, types);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }
}
