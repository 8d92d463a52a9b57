package dev.vigil.subsystem;

import java.util.EnumSet;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.access.Action;
import org.jboss.as.controller.access.AuthorizationResult;
import org.jboss.as.controller.logging.ControllerLogger;
import org.jboss.dmr.ModelNode;

/**
 * RBAC for runtime operations. WildFly authorizes an operation's effects when its handler touches the model or the
 * service registry; an operation that acts on a running service without either would pass for any role. So each of
 * Vigil's runtime operations states its effect, and the operation's sensitivity constraints are applied to it.
 */
public final class RuntimeAccess {

    /** Refuses the operation unless the caller's roles may change the server's runtime state (and see what is sensitive). */
    public static void authorizeWrite(OperationContext context, ModelNode operation) throws OperationFailedException {
        authorize(context, operation, Action.ActionEffect.WRITE_RUNTIME);
    }

    /** Refuses the operation unless the caller's roles may read the server's runtime state (and see what is sensitive). */
    public static void authorizeRead(OperationContext context, ModelNode operation) throws OperationFailedException {
        authorize(context, operation, Action.ActionEffect.READ_RUNTIME);
    }

    /** {@link #authorizeWrite} for an operation that changes the server, else {@link #authorizeRead}. */
    public static void authorize(OperationContext context, ModelNode operation, boolean writes) throws OperationFailedException {
        authorize(context, operation, writes ? Action.ActionEffect.WRITE_RUNTIME : Action.ActionEffect.READ_RUNTIME);
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
