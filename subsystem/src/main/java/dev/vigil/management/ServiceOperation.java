package dev.vigil.management;

import org.jboss.as.controller.ExpressionResolver;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.dmr.ModelNode;
import org.wildfly.subsystem.resource.executor.RuntimeOperation;

/**
 * A runtime operation on a running Vigil service, registered by {@link CapturedService#registerOperations}. It is
 * given the operation's context, for what only that knows: the caller's identity, a response stream. Its RBAC effect
 * is its definition's: read-only operations read the runtime, all others change it.
 *
 * @param <S> the service's value
 */
public interface ServiceOperation<S> extends RuntimeOperation<S> {

    /** Carries the operation out on the running service; its answer is the result, none if null. */
    ModelNode execute(OperationContext context, ModelNode operation, S service) throws OperationFailedException;

    /**
     * Refuses, in the MODEL stage, a request that cannot succeed now (a name not listed, a dump in progress, no room),
     * with its reason. The RUNTIME stage checks again: things change in between. Most operations refuse nothing here.
     */
    default void refuse(OperationContext context, ModelNode operation, S service) throws OperationFailedException {
    }

    /** The framework's entry: Vigil's operations run inside a management operation, whose context resolves expressions. */
    @Override
    default ModelNode execute(ExpressionResolver resolver, ModelNode operation, S service) throws OperationFailedException {
        if (resolver instanceof OperationContext context) {
            return execute(context, operation, service);
        }
        throw new OperationFailedException(getName() + " runs only as a management operation");
    }
}
