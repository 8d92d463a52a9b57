package dev.vigil.census;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.SimpleOperationDefinitionBuilder;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.vigil.management.ServiceOperation;

/** The thread census's operations. */
enum CensusOperation implements ServiceOperation<ThreadCensusService> {
    /** A census now: the top origins of a group, each with its count, peak and a few thread names. */
    CENSUS(new SimpleOperationDefinitionBuilder("census", ThreadCensusResourceRegistrar.RESOLVER)
            .setParameters(Parameters.GROUP_BY, Parameters.TOP)
            .setReplyType(ModelType.LIST)
            .setReplyValueType(ModelType.OBJECT)
            .setReadOnly()
            .setRuntimeOnly()
            .build()) {
        @Override
        public ModelNode execute(OperationContext context, ModelNode operation, ThreadCensusService service) throws OperationFailedException {
            GroupBy group = GroupBy.of(Parameters.GROUP_BY.resolveModelAttribute(context, operation).asString());
            int top = Parameters.TOP.resolveModelAttribute(context, operation).asInt();
            service.census().take();
            ModelNode list = new ModelNode().setEmptyList();
            for (OriginCount count : service.census().census(group, top)) {
                ModelNode row = list.add();
                row.get("origin").set(count.origin());
                row.get("count").set(count.count());
                row.get("peak").set(count.peak());
                ModelNode samples = row.get("samples").setEmptyList();
                count.samples().forEach(samples::add);
            }
            return list;
        }
    },
    /** Sets peak-threads and every origin's peak to their counts now. */
    RESET_PEAK(new SimpleOperationDefinitionBuilder("reset-peak", ThreadCensusResourceRegistrar.RESOLVER).setRuntimeOnly().build()) {
        @Override
        public ModelNode execute(OperationContext context, ModelNode operation, ThreadCensusService service) {
            service.census().resetPeak();
            return null;
        }
    },
    ;

    private final OperationDefinition definition;

    CensusOperation(OperationDefinition definition) {
        this.definition = definition;
    }

    @Override
    public OperationDefinition getOperationDefinition() {
        return definition;
    }

    private static final class Parameters {
        static final SimpleAttributeDefinition GROUP_BY = new SimpleAttributeDefinitionBuilder("group-by", ModelType.STRING)
                .setValidator(new RefusingValidator(GroupBy::of)).build();
        static final SimpleAttributeDefinition TOP = new SimpleAttributeDefinitionBuilder("top", ModelType.INT)
                .setRequired(false).setDefaultValue(new ModelNode(10)).setValidator(new RefusingValidator(CensusLimits::top)).build();
    }
}
