package dev.vigil.guard;

import java.util.EnumSet;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationDefinition;
import org.jboss.as.controller.SimpleOperationDefinitionBuilder;
import org.jboss.dmr.ModelNode;

import dev.vigil.management.ServiceOperation;

/** The instance guard's operations. */
enum GuardOperation implements ServiceOperation<InstanceGuardService> {
    /** Looks for duplicates now (the directories' locks and the ports) and answers every runtime value. */
    CHECK_NOW(new SimpleOperationDefinitionBuilder("check-now", InstanceGuardResourceRegistrar.RESOLVER)
            .setReplyParameters(EnumSet.allOf(GuardRuntimeAttribute.class).stream().map(GuardRuntimeAttribute::get).toArray(AttributeDefinition[]::new))
            .setReadOnly() // it changes nothing anyone reads but the answer: a Monitor may ask
            .setRuntimeOnly()
            .build()) {
        @Override
        public ModelNode execute(OperationContext context, ModelNode operation, InstanceGuardService service) {
            service.check();
            return GuardRuntimeAttribute.state(service);
        }
    },
    ;

    private final OperationDefinition definition;

    GuardOperation(OperationDefinition definition) {
        this.definition = definition;
    }

    @Override
    public OperationDefinition getOperationDefinition() {
        return definition;
    }
}
