package dev.vigil.management;

import java.util.EnumSet;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.access.Action;
import org.jboss.as.controller.access.AuthorizationResult;
import org.jboss.as.controller.logging.ControllerLogger;
import org.jboss.as.controller.registry.OperationEntry;
import org.jboss.dmr.ModelNode;

/**
 * RBAC for runtime operations. WildFly authorizes an operation's effects when its handler touches the model or the
 * service registry; an operation that acts on a running service without either would pass for any role. So each of
 * Vigil's runtime operations states its effect, and the operation's sensitivity constraints are applied to it.
 */
final class RuntimeAccess {

    /**
     * Refuses the operation unless the caller's roles may do what it does: read the server's runtime state if its
     * definition is read-only, else change it; and see what is sensitive, where the definition says so.
     */
    static void authorize(OperationContext context, ModelNode operation, OperationDefinition definition) throws OperationFailedException {
        authorize(context, operation, definition.getFlags().contains(OperationEntry.Flag.READ_ONLY) ? Action.ActionEffect.READ_RUNTIME
                : Action.ActionEffect.WRITE_RUNTIME);
    }

    private static void authorize(OperationContext context, ModelNode operation, Action.ActionEffect effect) throws OperationFailedException {
        AuthorizationResult result = context.authorize(operation, EnumSet.of(Action.ActionEffect.ADDRESS, effect));
        if (result.getDecision() == AuthorizationResult.Decision.DENY) {
            throw ControllerLogger.ACCESS_LOGGER.unauthorized(operation.get("operation").asString(), context.getCurrentAddress(), result.getExplanation());
        }
    }

    private RuntimeAccess() {
    }
}
