package dev.vigil.subsystem;

import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.OperationStepHandler;
import org.jboss.dmr.ModelNode;
import org.wildfly.common.function.ExceptionFunction;
import org.wildfly.service.capture.FunctionExecutor;
import org.wildfly.service.descriptor.NullaryServiceDescriptor;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.ServiceDependency;
import org.wildfly.subsystem.service.capture.ServiceValueExecutorRegistry;

/**
 * The running service of one of Vigil's singleton resources, as its management handlers reach it: captured while it
 * runs, absent otherwise (an admin-only server, a resource being removed), when reads answer nothing.
 *
 * @param <S> the service's value
 */
public final class RunningService<S> {

    /** A runtime operation on the running service; it authorizes itself (see {@link RuntimeAccess}). */
    @FunctionalInterface
    public interface Operation<S> {
        ModelNode execute(OperationContext context, ModelNode operation, S service) throws OperationFailedException;
    }

    private final ServiceValueExecutorRegistry<S> registry = ServiceValueExecutorRegistry.newInstance();
    private final ServiceDependency<S> key;

    public RunningService(NullaryServiceDescriptor<S> descriptor) {
        this.key = ServiceDependency.on(descriptor);
    }

    /** The function's answer for the running service; null if none runs. */
    public <R> R apply(ExceptionFunction<S, R, OperationFailedException> function) throws OperationFailedException {
        FunctionExecutor<S> executor = registry.getExecutor(key);
        return executor != null ? executor.execute(service -> service != null ? function.apply(service) : null) : null;
    }

    /** The running service, or null. */
    public S get() {
        FunctionExecutor<S> executor = registry.getExecutor(key);
        return executor != null ? executor.execute(service -> service) : null;
    }

    /** A read-only runtime attribute: read from the running service, undefined when none runs. */
    public OperationStepHandler reader(ExceptionFunction<S, ModelNode, OperationFailedException> read) {
        return operation((context, operation, service) -> read.apply(service));
    }

    /** A runtime operation on the running service; its answer is the result (none when no service runs). */
    public OperationStepHandler operation(Operation<S> operation) {
        return (context, op) -> context.addStep((stepContext, step) -> {
            ModelNode result = apply(service -> operation.execute(stepContext, step, service));
            if (result != null) {
                stepContext.getResult().set(result);
            }
        }, OperationContext.Stage.RUNTIME);
    }

    /**
     * {@link #operation(Operation)} whose parameters are checked first, in the MODEL stage: a refused parameter is the
     * caller's error, which WildFly answers without logging it as a server ERROR (WFLYCTL0013 it logs for failures
     * in the RUNTIME stage), and before anything ran.
     */
    public OperationStepHandler operation(OperationDefinition definition, Operation<S> operation) {
        OperationStepHandler runtime = operation(operation);
        return (context, op) -> {
            for (AttributeDefinition parameter : definition.getParameters()) {
                parameter.validateOperation(op);
            }
            runtime.execute(context, op);
        };
    }

    /**
     * A runtime operation whose checks run first, in the MODEL stage: a request they refuse is answered with its
     * reason and never reaches the RUNTIME stage, where WildFly would log any failure as a server error
     * (WFLYCTL0013). The checks' own answer is ignored.
     */
    public OperationStepHandler operation(Operation<S> check, Operation<S> operation) {
        OperationStepHandler runtime = operation(operation);
        return (context, op) -> {
            apply(service -> check.execute(context, op, service));
            runtime.execute(context, op);
        };
    }

    /**
     * Installs the service that {@code installer} builds with the captor it is given, so that it is reachable here
     * while it runs; removing it forgets it.
     */
    public ResourceServiceInstaller installer(Function<Consumer<S>, ResourceServiceInstaller> installer) {
        return context -> {
            Consumer<OperationContext> remover = installer.apply(registry.add(key)).install(context);
            return removeContext -> {
                remover.accept(removeContext);
                registry.remove(key);
            };
        };
    }
}
