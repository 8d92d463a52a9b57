package dev.vigil.census;

import static dev.vigil.management.RuntimeMetrics.counter;

import java.util.Map;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.SimpleMapAttributeDefinition;
import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.executor.Metric;

/** The thread census's runtime values: read-only, live; the numbers are metrics. */
enum CensusRuntimeAttribute implements Metric<ThreadCensusService> {
    LIVE_THREADS(metric("live-threads")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().liveThreads());
        }
    },
    PEAK_THREADS(metric("peak-threads")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().peakThreads());
        }
    },
    /** The live threads of the largest origin origin-warning watches, over the three groups (unknown and server left out). */
    LARGEST_ORIGIN_THREADS(metric("largest-origin-threads")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().largestOriginThreads());
        }
    },
    ORIGINS_OVER_WARNING_COUNT(metric("origins-over-warning-count")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().originsOverWarningCount());
        }
    },
    TOP_CREATOR_THREADS(metric("top-creator-threads")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().topOriginThreads(GroupBy.CREATOR));
        }
    },
    TOP_ENTRY_THREADS(metric("top-entry-threads")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().topOriginThreads(GroupBy.ENTRY));
        }
    },
    TOP_DEPLOYMENT_THREADS(metric("top-deployment-threads")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().topOriginThreads(GroupBy.DEPLOYMENT));
        }
    },
    UNDEPLOY_LEAKS(counter("undeploy-leaks")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().undeployLeaks());
        }
    },
    UNDEPLOYED_LEAKED_THREADS(metric("undeployed-leaked-threads")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().undeployedLeakedThreads());
        }
    },
    BY_CREATOR(map("by-creator")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return toModel(service.census().counts(GroupBy.CREATOR));
        }
    },
    BY_ENTRY(map("by-entry")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return toModel(service.census().counts(GroupBy.ENTRY));
        }
    },
    BY_DEPLOYMENT(map("by-deployment")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return toModel(service.census().counts(GroupBy.DEPLOYMENT));
        }
    },
    ORIGINS_OVER_WARNING(new StringListAttributeDefinition.Builder("origins-over-warning").setRequired(false).setStorageRuntime().build()) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            ModelNode list = new ModelNode().setEmptyList();
            service.census().originsOverWarning().forEach(list::add);
            return list;
        }
    },
    CREATOR_TRACKING_STATE(new SimpleAttributeDefinitionBuilder("creator-tracking-state", ModelType.STRING).setRequired(false).setStorageRuntime()
            .build()) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().creatorTrackingState());
        }
    },
    CREATOR_STARTS_DROPPED(new SimpleAttributeDefinitionBuilder("creator-starts-dropped", ModelType.LONG).setRequired(false).setStorageRuntime()
            .setMeasurementUnit(MeasurementUnit.NONE).build()) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().creatorStartsDropped());
        }
    },
    UNKNOWN_CREATORS(map("unknown-creators")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return toModel(service.census().unknownCreators());
        }
    },
    CREATORS_REVISED_LATE(counter("creators-revised-late")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return new ModelNode(service.census().creatorsRevisedLate());
        }
    },
    UNDEPLOYED_LEAKS(map("undeployed-leaks")) {
        @Override
        public ModelNode execute(ThreadCensusService service) {
            return toModel(service.census().undeployedLeaks());
        }
    },
    ;

    private final AttributeDefinition definition;

    CensusRuntimeAttribute(AttributeDefinition definition) {
        this.definition = definition;
    }

    @Override
    public AttributeDefinition get() {
        return definition;
    }

    private static AttributeDefinition metric(String name) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.INT).setRequired(false).setStorageRuntime()
                .setMeasurementUnit(MeasurementUnit.NONE).build();
    }

    private static AttributeDefinition map(String name) {
        return new SimpleMapAttributeDefinition.Builder(name, ModelType.INT, true).setRequired(false).setStorageRuntime().build();
    }

    /** Origin to count, most first (the model keeps the order). */
    static ModelNode toModel(Map<String, Integer> counts) {
        ModelNode node = new ModelNode().setEmptyObject();
        counts.forEach((origin, count) -> node.get(origin).set(count));
        return node;
    }
}
