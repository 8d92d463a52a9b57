package dev.vigil.watermark;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationDefinition;
import org.jboss.as.controller.SimpleOperationDefinitionBuilder;
import org.jboss.dmr.ModelNode;

import dev.vigil.management.ServiceOperation;

/** A watermark's runtime operations. */
enum WatermarkOperation implements ServiceOperation<WatermarkService> {
    /** Sets peak-used to the last reading and peak-time to now: it changes what others read, so it needs a role that may write the runtime. */
    RESET_PEAK("reset-peak") {
        @Override
        public ModelNode execute(OperationContext context, ModelNode operation, WatermarkService service) {
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
