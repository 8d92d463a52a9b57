package dev.vigil.management;

import java.util.EnumSet;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.common.function.ExceptionFunction;
import org.wildfly.service.capture.FunctionExecutor;
import org.wildfly.service.descriptor.NullaryServiceDescriptor;
import org.wildfly.service.descriptor.UnaryServiceDescriptor;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.resource.executor.Metric;
import org.wildfly.subsystem.resource.executor.MetricExecutor;
import org.wildfly.subsystem.resource.executor.MetricOperationStepHandler;
import org.wildfly.subsystem.resource.executor.RuntimeOperationExecutor;
import org.wildfly.subsystem.resource.executor.RuntimeOperationStepHandler;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.ServiceDependency;
import org.wildfly.subsystem.service.capture.ServiceValueExecutorRegistry;

/**
 * The service of a Vigil resource as its management handlers reach it: captured while it runs, absent otherwise (an
 * admin-only server, a resource being removed), when reads answer nothing. Its runtime attributes and operations are
 * registered here, in WildFly's idiom ({@link Metric}, {@link ServiceOperation}, the framework's step handlers), and
 * this is the one place where Vigil applies RBAC to them ({@link RuntimeAccess}).
 *
 * @param <S> the service's value
 */
public final class CapturedService<S> {

    private final ServiceValueExecutorRegistry<S> registry = ServiceValueExecutorRegistry.newInstance();
    private final Function<OperationContext, ServiceDependency<S>> key;

    private CapturedService(Function<OperationContext, ServiceDependency<S>> key) {
        this.key = key;
    }

    /** The service of a resource that exists once ({@code service=heap-dumps}). */
    public static <S> CapturedService<S> of(NullaryServiceDescriptor<S> descriptor) {
        ServiceDependency<S> key = ServiceDependency.on(descriptor);
        return new CapturedService<>(context -> key);
    }

    /** The services of a resource that exists once per name ({@code watermark=NAME}), each reached at its own address. */
    public static <S> CapturedService<S> of(UnaryServiceDescriptor<S> descriptor) {
        return new CapturedService<>(context -> ServiceDependency.on(descriptor, context.getCurrentAddressValue()));
    }

    /** The function's answer for the service at the operation's address; null if none runs. */
    public <R> R apply(OperationContext context, ExceptionFunction<S, R, OperationFailedException> function) throws OperationFailedException {
        FunctionExecutor<S> executor = registry.getExecutor(key.apply(context));
        return executor != null ? executor.execute(service -> service != null ? function.apply(service) : null) : null;
    }

    /** The running service of a resource that exists once, or null: for what other capabilities ask of it (the actions). */
    public S get() {
        FunctionExecutor<S> executor = registry.getExecutor(key.apply(null));
        return executor != null ? executor.execute(service -> service) : null;
    }

    /** Registers the resource's runtime attributes and operations, where the process has a runtime (not on a host controller). */
    public <A extends Enum<A> & Metric<S>, O extends Enum<O> & ServiceOperation<S>> void registerRuntime(ManagementResourceRegistration registration,
            ManagementResourceRegistrationContext context, Class<A> attributes, Class<O> operations) {
        if (context.isRuntimeOnlyRegistrationValid()) {
            registerAttributes(registration, attributes);
            registerOperations(registration, operations);
        }
    }

    /**
     * Registers runtime attributes read from the running service (undefined when none runs). Only numbers are metrics,
     * and so reach {@code /metrics}; objects, lists and strings are read-only attributes.
     */
    public <E extends Enum<E> & Metric<S>> void registerAttributes(ManagementResourceRegistration registration, Class<E> attributes) {
        MetricExecutor<S> executor = (context, metric) -> apply(context, metric::execute);
        MetricOperationStepHandler<S> handler = new MetricOperationStepHandler<>(executor, attributes);
        for (E attribute : EnumSet.allOf(attributes)) {
            AttributeDefinition definition = attribute.get();
            if (NUMBERS.contains(definition.getType())) {
                registration.registerMetric(definition, handler);
            } else {
                registration.registerReadOnlyAttribute(definition, handler);
            }
        }
    }

    private static final EnumSet<ModelType> NUMBERS = EnumSet.of(ModelType.INT, ModelType.LONG, ModelType.DOUBLE, ModelType.BIG_INTEGER,
            ModelType.BIG_DECIMAL);

    /**
     * Registers runtime operations on the running service (no answer when none runs). In the MODEL stage each request
     * has its parameters checked, its caller authorized and the operation's own {@link ServiceOperation#refuse refusal}
     * heard: a request refused there is the caller's error, answered with its reason and not logged as a server error
     * (WildFly logs WFLYCTL0013 for failures in the RUNTIME stage). The RUNTIME stage authorizes again and executes.
     */
    public <E extends Enum<E> & ServiceOperation<S>> void registerOperations(ManagementResourceRegistration registration, Class<E> operations) {
        Map<String, E> byName = new java.util.HashMap<>();
        for (E operation : EnumSet.allOf(operations)) {
            byName.put(operation.getName(), operation);
        }
        RuntimeOperationExecutor<S> executor = (context, operation, runtimeOperation) -> {
            ServiceOperation<S> serviceOperation = byName.get(runtimeOperation.getName());
            RuntimeAccess.authorize(context, operation, serviceOperation.getOperationDefinition());
            return apply(context, service -> serviceOperation.execute(context, operation, service));
        };
        new RuntimeOperationStepHandler<S>(executor, EnumSet.allOf(operations)) {
            @Override
            public void execute(OperationContext context, ModelNode operation) throws OperationFailedException {
                ServiceOperation<S> serviceOperation = byName.get(operation.get("operation").asString());
                for (AttributeDefinition parameter : serviceOperation.getOperationDefinition().getParameters()) {
                    parameter.validateOperation(operation);
                }
                RuntimeAccess.authorize(context, operation, serviceOperation.getOperationDefinition());
                apply(context, service -> {
                    serviceOperation.refuse(context, operation, service);
                    return null;
                });
                super.execute(context, operation);
            }
        }.register(registration);
    }

    /**
     * Installs the service that {@code installer} builds with the captor it is given, so that it is reachable here
     * while it runs; removing it forgets it.
     */
    public ResourceServiceInstaller installer(OperationContext context, Function<Consumer<S>, ResourceServiceInstaller> installer) {
        ServiceDependency<S> dependency = key.apply(context);
        return installContext -> {
            Consumer<OperationContext> remover = installer.apply(registry.add(dependency)).install(installContext);
            return removeContext -> {
                remover.accept(removeContext);
                registry.remove(dependency);
            };
        };
    }
}
