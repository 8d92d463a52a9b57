package dev.vigil.guard;

import static dev.vigil.management.RuntimeMetrics.counter;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.ObjectListAttributeDefinition;
import org.jboss.as.controller.ObjectTypeAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.executor.Metric;

/** The instance guard's runtime values: read-only, live; the numbers are metrics. */
enum GuardRuntimeAttribute implements Metric<InstanceGuardService> {
    DUPLICATE_DETECTED(new SimpleAttributeDefinitionBuilder("duplicate-detected", ModelType.BOOLEAN).setRequired(false).setStorageRuntime().build()) {
        @Override
        public ModelNode execute(InstanceGuardService service) {
            return new ModelNode(service.duplicateDetected());
        }
    },
    /** duplicate-detected as a number, for alerts: 1 while a duplicate is detected, else 0. */
    DUPLICATE(new SimpleAttributeDefinitionBuilder("duplicate", ModelType.INT).setRequired(false).setStorageRuntime()
            .setMeasurementUnit(MeasurementUnit.NONE).build()) {
        @Override
        public ModelNode execute(InstanceGuardService service) {
            return new ModelNode(service.duplicateDetected() ? 1 : 0);
        }
    },
    /** Every contender since start, not the size of the bounded contenders list. */
    CONTENDERS_SEEN(counter("contenders-seen")) {
        @Override
        public ModelNode execute(InstanceGuardService service) {
            return new ModelNode(service.guard().contendersSeen());
        }
    },
    DUPLICATES(Rows.DUPLICATES) {
        @Override
        public ModelNode execute(InstanceGuardService service) {
            ModelNode list = new ModelNode().setEmptyList();
            for (Duplicate duplicate : service.guard().duplicates()) {
                ModelNode node = list.add();
                node.get("pid").set(duplicate.other().pid());
                node.get("host").set(duplicate.other().host());
                node.get("started").set(duplicate.other().started().toString());
                duplicate.sharedDirs().forEach(dir -> node.get("shared-dirs").add(dir));
                duplicate.sharedPorts().forEach(port -> node.get("shared-ports").add(port));
                if (!node.hasDefined("shared-dirs")) {
                    node.get("shared-dirs").setEmptyList();
                }
                if (!node.hasDefined("shared-ports")) {
                    node.get("shared-ports").setEmptyList();
                }
            }
            return list;
        }
    },
    LOCK_FILES(new StringListAttributeDefinition.Builder("lock-files").setRequired(false).setStorageRuntime().build()) {
        @Override
        public ModelNode execute(InstanceGuardService service) {
            ModelNode list = new ModelNode().setEmptyList();
            service.guard().lockFiles().forEach(file -> list.add(file.toString()));
            return list;
        }
    },
    CONTENDERS(Rows.CONTENDERS) {
        @Override
        public ModelNode execute(InstanceGuardService service) {
            ModelNode list = new ModelNode().setEmptyList();
            for (Contender contender : service.guard().contenders()) {
                ModelNode node = list.add();
                node.get("pid").set(contender.who().pid());
                node.get("host").set(contender.who().host());
                node.get("started").set(contender.who().started().toString());
                node.get("time").set(contender.time().toString());
                node.get("shared-dirs").setEmptyList();
                contender.sharedDirs().forEach(dir -> node.get("shared-dirs").add(dir));
                node.get("shared-ports").setEmptyList();
                contender.sharedPorts().forEach(port -> node.get("shared-ports").add(port));
                node.get("on-duplicate").set(contender.onDuplicate());
            }
            return list;
        }
    },
    ;

    private final AttributeDefinition definition;

    GuardRuntimeAttribute(AttributeDefinition definition) {
        this.definition = definition;
    }

    @Override
    public AttributeDefinition get() {
        return definition;
    }

    @Override
    public abstract ModelNode execute(InstanceGuardService service);

    /** Every runtime value at once: check-now's answer. */
    static ModelNode state(InstanceGuardService service) {
        ModelNode state = new ModelNode();
        for (GuardRuntimeAttribute attribute : values()) {
            state.get(attribute.get().getName()).set(attribute.execute(service));
        }
        return state;
    }

    private static final class Rows {
        static final SimpleAttributeDefinition PID = field("pid", ModelType.LONG);
        static final SimpleAttributeDefinition HOST = field("host", ModelType.STRING);
        static final SimpleAttributeDefinition STARTED = field("started", ModelType.STRING);
        static final SimpleAttributeDefinition TIME = field("time", ModelType.STRING);
        static final SimpleAttributeDefinition ON_DUPLICATE = field("on-duplicate", ModelType.STRING);
        static final AttributeDefinition SHARED_DIRS = new StringListAttributeDefinition.Builder("shared-dirs").setRequired(false).build();
        static final AttributeDefinition SHARED_PORTS = new org.jboss.as.controller.PrimitiveListAttributeDefinition.Builder("shared-ports", ModelType.INT)
                .setRequired(false).build();
        static final ObjectListAttributeDefinition DUPLICATES = new ObjectListAttributeDefinition.Builder("duplicates",
                new ObjectTypeAttributeDefinition.Builder("duplicate", PID, HOST, STARTED, SHARED_DIRS, SHARED_PORTS).build())
                .setRequired(false).setStorageRuntime().build();
        static final ObjectListAttributeDefinition CONTENDERS = new ObjectListAttributeDefinition.Builder("contenders",
                new ObjectTypeAttributeDefinition.Builder("contender", PID, HOST, STARTED, TIME, SHARED_DIRS, SHARED_PORTS, ON_DUPLICATE).build())
                .setRequired(false).setStorageRuntime().build();

        private static SimpleAttributeDefinition field(String name, ModelType type) {
            return new SimpleAttributeDefinitionBuilder(name, type).setRequired(false).build();
        }
    }
}
