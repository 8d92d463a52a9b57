package dev.vigil.dump;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jboss.as.controller.AbstractWriteAttributeHandler;
import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.OperationStepHandler;
import org.jboss.as.controller.PathAddress;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.ResourceRegistration;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.access.constraint.SensitivityClassification;
import org.jboss.as.controller.access.management.SensitiveTargetAccessConstraintDefinition;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.as.controller.descriptions.ResourceDescriptionResolver;
import org.jboss.as.controller.operations.validation.LongRangeValidator;
import org.jboss.as.controller.operations.validation.IntRangeValidator;
import org.jboss.as.controller.operations.validation.StringLengthValidator;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.controller.registry.OperationEntry;
import org.jboss.as.controller.services.path.PathManager;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.common.function.ExceptionFunction;
import org.wildfly.service.Installer.StartWhen;
import org.wildfly.service.capture.FunctionExecutor;
import org.wildfly.service.descriptor.NullaryServiceDescriptor;
import org.wildfly.subsystem.resource.ChildResourceDefinitionRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.resource.ResourceDescriptor;
import org.wildfly.subsystem.resource.operation.ResourceOperationRuntimeHandler;
import org.wildfly.subsystem.service.ResourceServiceConfigurator;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.ServiceDependency;
import org.wildfly.subsystem.service.capability.CapabilityServiceInstaller;
import org.wildfly.subsystem.service.capture.ServiceValueExecutorRegistry;

import dev.vigil.subsystem.VigilSubsystemRegistrar;

/**
 * {@code /subsystem=vigil/service=heap-dumps}: one {@link HeapDumpService}. Every attribute applies to the running
 * service at once; the operations that take, read or delete a dump are RBAC-sensitive ({@code heap-dump}).
 */
public final class HeapDumpsResourceRegistrar implements ChildResourceDefinitionRegistrar, ResourceServiceConfigurator {

    public static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PathElement.pathElement("service", "heap-dumps"));
    static final ResourceDescriptionResolver RESOLVER = VigilSubsystemRegistrar.RESOLVER.createChildResolver(PathElement.pathElement("heap-dumps"));

    static final NullaryServiceDescriptor<HeapDumpService> SERVICE_DESCRIPTOR = NullaryServiceDescriptor.of("dev.vigil.heap-dumps", HeapDumpService.class);
    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of(SERVICE_DESCRIPTOR).build();

    /**
     * Heap dumps hold every secret the heap held. With RBAC, only roles that may see sensitive data take, read or
     * delete them (Administrator, SuperUser; Auditor may read); an admin can change that under
     * {@code core-service=management/access=authorization/constraint=sensitivity-classification/type=vigil/classification=heap-dump}.
     */
    static final SensitiveTargetAccessConstraintDefinition HEAP_DUMP_SENSITIVITY = new SensitiveTargetAccessConstraintDefinition(
            new SensitivityClassification(VigilSubsystemRegistrar.REGISTRATION.getName(), "heap-dump", false, true, true));

    public static final SimpleAttributeDefinition PATH = new SimpleAttributeDefinitionBuilder("path", ModelType.STRING)
            .setRequired(false)
            .setDefaultValue(new ModelNode("vigil/heap-dumps"))
            .setAllowExpression(true)
            .setValidator(new StringLengthValidator(1))
            .build();
    public static final SimpleAttributeDefinition RELATIVE_TO = new SimpleAttributeDefinitionBuilder("relative-to", ModelType.STRING)
            .setRequired(false)
            .setDefaultValue(new ModelNode("jboss.server.data.dir"))
            .setAllowExpression(true)
            .setValidator(new StringLengthValidator(1))
            .build();
    public static final SimpleAttributeDefinition LIVE = bool("live", HeapDumpSettings.DEFAULT_LIVE);
    public static final SimpleAttributeDefinition COMPRESS = bool("compress", HeapDumpSettings.DEFAULT_COMPRESS);
    public static final SimpleAttributeDefinition MAX_DUMPS = new SimpleAttributeDefinitionBuilder("max-dumps", ModelType.INT)
            .setRequired(false)
            .setDefaultValue(new ModelNode(HeapDumpSettings.DEFAULT_MAX_DUMPS))
            .setAllowExpression(true)
            .setValidator(new IntRangeValidator(1, 1000))
            .build();
    public static final SimpleAttributeDefinition COOLDOWN = new SimpleAttributeDefinitionBuilder("cooldown", ModelType.LONG)
            .setRequired(false)
            .setDefaultValue(new ModelNode(HeapDumpSettings.DEFAULT_COOLDOWN_SECONDS))
            .setAllowExpression(true)
            .setMeasurementUnit(MeasurementUnit.SECONDS)
            .setValidator(new LongRangeValidator(0, Duration.ofDays(365).toSeconds()))
            .build();
    public static final SimpleAttributeDefinition MIN_FREE_SPACE = new SimpleAttributeDefinitionBuilder("min-free-space", ModelType.LONG)
            .setRequired(false)
            .setDefaultValue(new ModelNode(HeapDumpSettings.DEFAULT_MIN_FREE_SPACE))
            .setAllowExpression(true)
            .setMeasurementUnit(MeasurementUnit.BYTES)
            .setValidator(new LongRangeValidator(0))
            .build();
    public static final SimpleAttributeDefinition ON_OUT_OF_MEMORY = bool("on-out-of-memory", HeapDumpSettings.DEFAULT_ON_OUT_OF_MEMORY);

    public static final List<AttributeDefinition> ATTRIBUTES = List.of(PATH, RELATIVE_TO, LIVE, COMPRESS, MAX_DUMPS, COOLDOWN, MIN_FREE_SPACE, ON_OUT_OF_MEMORY);

    private static SimpleAttributeDefinition bool(String name, boolean defaultValue) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.BOOLEAN)
                .setRequired(false)
                .setDefaultValue(defaultValue ? ModelNode.TRUE : ModelNode.FALSE)
                .setAllowExpression(true)
                .build();
    }

    private final ServiceValueExecutorRegistry<HeapDumpService> registry = ServiceValueExecutorRegistry.newInstance();
    private final Supplier<ModelNode> watermarks;

    /** @param watermarks the watermarks' states and numbers, for each dump's metadata */
    public HeapDumpsResourceRegistrar(Supplier<ModelNode> watermarks) {
        this.watermarks = watermarks;
    }

    @Override
    public ManagementResourceRegistration register(ManagementResourceRegistration parent, ManagementResourceRegistrationContext context) {
        ManagementResourceRegistration registration = parent.registerSubModel(ResourceDefinition.builder(REGISTRATION, RESOLVER).build());
        OperationStepHandler liveWrite = new LiveWriteHandler();
        ResourceDescriptor.Builder descriptor = ResourceDescriptor.builder(RESOLVER)
                .addCapability(CAPABILITY)
                .withRuntimeHandler(ResourceOperationRuntimeHandler.configureService(this))
                .withRemoveOperationRestartFlag(OperationEntry.Flag.RESTART_NONE);
        for (AttributeDefinition attribute : ATTRIBUTES) {
            descriptor.addAttribute(attribute, liveWrite);
        }
        ManagementResourceRegistrar.of(descriptor.build()).register(registration);

        if (context.isRuntimeOnlyRegistrationValid()) {
            for (HeapDumpsRuntimeAttribute attribute : HeapDumpsRuntimeAttribute.values()) {
                registration.registerMetric(attribute.definition(), (operationContext, operation) -> operationContext.addStep((stepContext, step) -> {
                    ModelNode value = withService(stepContext, attribute::read);
                    if (value != null) {
                        stepContext.getResult().set(value);
                    }
                }, OperationContext.Stage.RUNTIME));
            }
            for (HeapDumpsOperation operation : HeapDumpsOperation.values()) {
                registration.registerOperationHandler(operation.definition(), (operationContext, op) -> operationContext.addStep((stepContext, step) -> {
                    ModelNode result = withService(stepContext, service -> operation.execute(stepContext, step, service));
                    if (result != null) {
                        stepContext.getResult().set(result);
                    }
                }, OperationContext.Stage.RUNTIME));
            }
        }
        return registration;
    }

    /** Runs a function on the running service; fails clearly if it does not run (an admin-only server). */
    private ModelNode withService(OperationContext context, ExceptionFunction<HeapDumpService, ModelNode, OperationFailedException> function)
            throws OperationFailedException {
        FunctionExecutor<HeapDumpService> executor = registry.getExecutor(ServiceDependency.on(SERVICE_DESCRIPTOR));
        return executor != null ? executor.execute(service -> service != null ? function.apply(service) : null) : null;
    }

    /** The running service, for the watermark actions; null if heap-dumps is not configured or not running. */
    public void ifRunning(Consumer<HeapDumpService> action, Runnable otherwise) {
        FunctionExecutor<HeapDumpService> executor = registry.getExecutor(ServiceDependency.on(SERVICE_DESCRIPTOR));
        HeapDumpService service = executor != null ? executor.execute(s -> s) : null;
        if (service != null) {
            action.accept(service);
        } else {
            otherwise.run();
        }
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        HeapDumpSettings settings = settings(context, model);
        String server = System.getProperty("jboss.server.name", "server");
        ServiceDependency<HeapDumpService> key = ServiceDependency.on(SERVICE_DESCRIPTOR);
        return operationContext -> {
            Consumer<HeapDumpService> captor = registry.add(key);
            Consumer<OperationContext> remover = CapabilityServiceInstaller.builder(CAPABILITY, () -> new HeapDumpService(server, settings, watermarks))
                    .withCaptor(captor)
                    .startWhen(StartWhen.INSTALLED)
                    .onStart(HeapDumpService::start)
                    .onStop(HeapDumpService::stop)
                    .build()
                    .install(operationContext);
            return removeContext -> {
                remover.accept(removeContext);
                registry.remove(key);
            };
        };
    }

    /**
     * Reads the settings from the model, resolving the directory through the server's paths, and checks the directory
     * can be used: created when missing, writable. A directory that cannot be used is refused with the reason.
     */
    static HeapDumpSettings settings(OperationContext context, ModelNode model) throws OperationFailedException {
        String path = PATH.resolveModelAttribute(context, model).asString();
        ModelNode relativeTo = RELATIVE_TO.resolveModelAttribute(context, model);
        PathManager paths = context.getCapabilityRuntimeAPI(PathManager.SERVICE_DESCRIPTOR.getName(), PathManager.class);
        Path directory = Path.of(paths.resolveRelativePathEntry(path, relativeTo.isDefined() ? relativeTo.asString() : null));
        HeapDumpSettings settings = new HeapDumpSettings(directory,
                LIVE.resolveModelAttribute(context, model).asBoolean(),
                COMPRESS.resolveModelAttribute(context, model).asBoolean(),
                MAX_DUMPS.resolveModelAttribute(context, model).asInt(),
                Duration.ofSeconds(COOLDOWN.resolveModelAttribute(context, model).asLong()),
                MIN_FREE_SPACE.resolveModelAttribute(context, model).asLong(),
                ON_OUT_OF_MEMORY.resolveModelAttribute(context, model).asBoolean());
        try {
            new DumpDirectory(settings.directory()).prepare();
        } catch (HeapDumpException e) {
            throw new OperationFailedException(e.getMessage());
        }
        return settings;
    }

    /** Applies a written attribute to the running service: the next dump follows the new settings. */
    private final class LiveWriteHandler extends AbstractWriteAttributeHandler<HeapDumpSettings> {

        @Override
        protected boolean applyUpdateToRuntime(OperationContext context, ModelNode operation, String attributeName, ModelNode resolvedValue,
                ModelNode currentValue, HandbackHolder<HeapDumpSettings> handback) throws OperationFailedException {
            HeapDumpSettings settings = settings(context, context.readResource(PathAddress.EMPTY_ADDRESS).getModel());
            withService(context, service -> {
                handback.setHandback(service.dumper().settings());
                service.reconfigure(settings);
                return null;
            });
            return false;
        }

        @Override
        protected void revertUpdateToRuntime(OperationContext context, ModelNode operation, String attributeName, ModelNode valueToRestore,
                ModelNode valueToRevert, HeapDumpSettings previous) throws OperationFailedException {
            if (previous != null) {
                withService(context, service -> {
                    service.reconfigure(previous);
                    return null;
                });
            }
        }
    }
}
