package dev.vigil.watermark;

import org.jboss.as.controller.ExpressionResolver;
import org.jboss.as.controller.OperationDefinition;
import org.jboss.as.controller.SimpleOperationDefinitionBuilder;
import org.jboss.dmr.ModelNode;
import org.wildfly.subsystem.resource.executor.RuntimeOperation;

/** A watermark's runtime operations. */
enum WatermarkOperation implements RuntimeOperation<WatermarkService> {
    /** Sets peak-used to the last reading and peak-time to now. */
    RESET_PEAK("reset-peak") {
        @Override
        public ModelNode execute(ExpressionResolver resolver, ModelNode operation, WatermarkService service) {
            service.watermark().resetPeak();
            return null;
        }
    },
    ;

    private final OperationDefinition definition;

    WatermarkOperation(String name) {
        this.definition = new SimpleOperationDefinitionBuilder(name, WatermarkResourceRegistrar.RESOLVER).setRuntimeOnly().build();
    }

    @Override
    public OperationDefinition getOperationDefinition() {
        return definition;
    }
}
