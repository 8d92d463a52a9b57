package dev.vigil.management;

import java.util.Collection;

import org.jboss.as.controller.AbstractWriteAttributeHandler;
import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.PathAddress;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.descriptions.ResourceDescriptionResolver;
import org.jboss.as.controller.registry.OperationEntry;
import org.jboss.as.controller.registry.Resource;
import org.jboss.dmr.ModelNode;
import org.wildfly.subsystem.resource.ResourceDescriptor;
import org.wildfly.subsystem.resource.operation.ResourceOperationRuntimeHandler;
import org.wildfly.subsystem.service.ResourceServiceConfigurator;

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

    /**
     * How every Vigil resource is described: its capability, the service its configurator installs, a remove that
     * takes effect at once (stopping a watcher is always safe), and each attribute written live by this handler.
     */
    public ResourceDescriptor.Builder describe(ResourceDescriptionResolver resolver, RuntimeCapability<Void> capability,
            ResourceServiceConfigurator configurator, Collection<? extends AttributeDefinition> attributes) {
        ResourceDescriptor.Builder descriptor = ResourceDescriptor.builder(resolver)
                .addCapability(capability)
                .withRuntimeHandler(ResourceOperationRuntimeHandler.configureService(configurator))
                .withRemoveOperationRestartFlag(OperationEntry.Flag.RESTART_NONE);
        for (AttributeDefinition attribute : attributes) {
            descriptor.addAttribute(attribute, this);
        }
        return descriptor;
    }

    /**
     * Whether the resource did not exist before this operation (its parent may be new too, as in a composite). An add
     * writes each attribute that has a handler of its own, this one, one at a time: a check of the whole model belongs
     * to the add's own step, once every attribute is written, not to each write.
     */
    public static boolean addedByThisOperation(OperationContext context) {
        try {
            context.getOriginalRootResource().navigate(context.getCurrentAddress());
            return false;
        } catch (Resource.NoSuchResourceException e) {
            return true;
        }
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
