package dev.vigil.subsystem;

import org.jboss.as.controller.AbstractWriteAttributeHandler;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.PathAddress;
import org.jboss.dmr.ModelNode;

/**
 * A write-attribute that applies at once to the running service, with no reload: the resource's whole model, the new
 * value included, is applied; the settings it replaced are kept to put back if the operation rolls back.
 *
 * @param <T> the service's settings
 */
public class LiveWriteHandler<T> extends AbstractWriteAttributeHandler<T> {

    /** Applies the model to the running service; returns the settings it replaced, or null if no service runs. */
    @FunctionalInterface
    public interface Apply<T> {
        T apply(OperationContext context, ModelNode model) throws OperationFailedException;
    }

    /** Puts the replaced settings back. */
    @FunctionalInterface
    public interface Restore<T> {
        void restore(OperationContext context, T previous) throws OperationFailedException;
    }

    private final Apply<T> apply;
    private final Restore<T> restore;

    public LiveWriteHandler(Apply<T> apply, Restore<T> restore) {
        this.apply = apply;
        this.restore = restore;
    }

    @Override
    protected boolean applyUpdateToRuntime(OperationContext context, ModelNode operation, String attributeName, ModelNode resolvedValue,
            ModelNode currentValue, HandbackHolder<T> handback) throws OperationFailedException {
        handback.setHandback(apply.apply(context, context.readResource(PathAddress.EMPTY_ADDRESS).getModel()));
        return false;
    }

    @Override
    protected void revertUpdateToRuntime(OperationContext context, ModelNode operation, String attributeName, ModelNode valueToRestore,
            ModelNode valueToRevert, T previous) throws OperationFailedException {
        if (previous != null) {
            restore.restore(context, previous);
        }
    }
}
