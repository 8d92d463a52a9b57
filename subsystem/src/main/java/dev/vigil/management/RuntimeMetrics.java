package dev.vigil.management;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.as.controller.registry.AttributeAccess;
import org.jboss.dmr.ModelType;

/** Definitions of Vigil's numeric runtime attributes that reach WildFly's metrics and micrometer subsystems. */
public final class RuntimeMetrics {

    private RuntimeMetrics() {
    }

    /** A count that only ever rises while the server runs: read-only, live, exported as a Prometheus counter. */
    public static AttributeDefinition counter(String name) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.LONG).setRequired(false).setStorageRuntime()
                .setMeasurementUnit(MeasurementUnit.NONE).addFlag(AttributeAccess.Flag.COUNTER_METRIC).build();
    }
}
