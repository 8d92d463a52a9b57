package dev.vigil.dump;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.PathAddress;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.ResourceRegistration;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.as.controller.descriptions.ResourceDescriptionResolver;
import org.jboss.as.controller.operations.validation.LongRangeValidator;
import org.jboss.as.controller.operations.validation.IntRangeValidator;
import org.jboss.as.controller.operations.validation.StringLengthValidator;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.controller.registry.Resource;
import org.jboss.as.controller.services.path.PathManager;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.service.Installer.StartWhen;
import org.wildfly.service.descriptor.NullaryServiceDescriptor;
import org.wildfly.subsystem.resource.ChildResourceDefinitionRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.resource.ResourceDescriptor;
import org.wildfly.subsystem.service.ResourceServiceConfigurator;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.ServiceDependency;
import org.wildfly.subsystem.service.capability.CapabilityServiceInstaller;

import dev.vigil.management.CapturedService;
import dev.vigil.management.Descriptions;
import dev.vigil.management.DumpSensitivity;
import dev.vigil.management.LiveWriteHandler;

/**
 * {@code /subsystem=vigil/service=heap-dumps}: one {@link HeapDumpService}. Every attribute applies to the running
 * service at once; the operations that take, read or delete a dump are RBAC-sensitive ({@code heap-dump}).
 */
public final class HeapDumpsResourceRegistrar implements ChildResourceDefinitionRegistrar, ResourceServiceConfigurator {

    public static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PathElement.pathElement("service", "heap-dumps"));
    static final ResourceDescriptionResolver RESOLVER = Descriptions.child("heap-dumps");

    static final NullaryServiceDescriptor<PathFollowingDumps> SERVICE_DESCRIPTOR = NullaryServiceDescriptor.of("dev.vigil.heap-dumps", PathFollowingDumps.class);
    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of(SERVICE_DESCRIPTOR).build();

    public static final SimpleAttributeDefinition PATH = new SimpleAttributeDefinitionBuilder("path", ModelType.STRING)
            .setRequired(false)
            .setDefaultValue(new ModelNode("vigil/heap-dumps"))
            .setAllowExpression(true)
            .setValidator(new DirectoryPathValidator())
            .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG)
            .build();
    public static final SimpleAttributeDefinition RELATIVE_TO = new SimpleAttributeDefinitionBuilder("relative-to", ModelType.STRING)
            .setRequired(false)
            .setDefaultValue(new ModelNode("jboss.server.data.dir"))
            .setAllowExpression(true)
            .setValidator(new StringLengthValidator(1))
            .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG)
            .build();
    public static final SimpleAttributeDefinition LIVE = bool("live", HeapDumpSettings.DEFAULT_LIVE);
    public static final SimpleAttributeDefinition COMPRESS = bool("compress", HeapDumpSettings.DEFAULT_COMPRESS);
    public static final SimpleAttributeDefinition MAX_DUMPS = new SimpleAttributeDefinitionBuilder("max-dumps", ModelType.INT)
            .setRequired(false)
            .setDefaultValue(new ModelNode(HeapDumpSettings.DEFAULT_MAX_DUMPS))
            .setAllowExpression(true)
            .setValidator(new IntRangeValidator(1, 1000))
            .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG)
            .build();
    public static final SimpleAttributeDefinition COOLDOWN = new SimpleAttributeDefinitionBuilder("cooldown", ModelType.LONG)
            .setRequired(false)
            .setDefaultValue(new ModelNode(HeapDumpSettings.DEFAULT_COOLDOWN_SECONDS))
            .setAllowExpression(true)
            .setMeasurementUnit(MeasurementUnit.SECONDS)
            .setValidator(new LongRangeValidator(0, Duration.ofDays(365).toSeconds()))
            .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG)
            .build();
    public static final SimpleAttributeDefinition MIN_INTERVAL = new SimpleAttributeDefinitionBuilder("min-interval", ModelType.LONG)
            .setRequired(false)
            .setDefaultValue(new ModelNode(HeapDumpSettings.DEFAULT_MIN_INTERVAL_SECONDS))
            .setAllowExpression(true)
            .setMeasurementUnit(MeasurementUnit.SECONDS)
            .setValidator(new LongRangeValidator(0, Duration.ofDays(1).toSeconds()))
            .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG)
            .build();
    public static final SimpleAttributeDefinition MIN_FREE_SPACE = new SimpleAttributeDefinitionBuilder("min-free-space", ModelType.LONG)
            .setRequired(false)
            .setDefaultValue(new ModelNode(HeapDumpSettings.DEFAULT_MIN_FREE_SPACE))
            .setAllowExpression(true)
            .setMeasurementUnit(MeasurementUnit.BYTES)
            .setValidator(new LongRangeValidator(0))
            .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG)
            .build();
    public static final SimpleAttributeDefinition ON_OUT_OF_MEMORY = new SimpleAttributeDefinitionBuilder(bool("on-out-of-memory",
            HeapDumpSettings.DEFAULT_ON_OUT_OF_MEMORY)).addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG).build();

    public static final SimpleAttributeDefinition ANALYZE = new SimpleAttributeDefinitionBuilder(bool("analyze", AnalyzerSettings.DEFAULT_ANALYZE))
            .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG).build();
    /** At least 64 MiB (the analyzer's own footprint), at most 1 TiB. */
    public static final SimpleAttributeDefinition ANALYZER_MAX_HEAP = new SimpleAttributeDefinitionBuilder("analyzer-max-heap", ModelType.LONG)
            .setRequired(false)
            .setDefaultValue(new ModelNode(AnalyzerSettings.DEFAULT_MAX_HEAP))
            .setAllowExpression(true)
            .setMeasurementUnit(MeasurementUnit.BYTES)
            .setValidator(new LongRangeValidator(64L * 1024 * 1024, 1L << 40))
            .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG)
            .build();
    public static final SimpleAttributeDefinition ANALYZER_TIMEOUT = new SimpleAttributeDefinitionBuilder("analyzer-timeout", ModelType.LONG)
            .setRequired(false)
            .setDefaultValue(new ModelNode(AnalyzerSettings.DEFAULT_TIMEOUT_SECONDS))
            .setAllowExpression(true)
            .setMeasurementUnit(MeasurementUnit.SECONDS)
            .setValidator(new LongRangeValidator(10, Duration.ofDays(1).toSeconds()))
            .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG)
            .build();

    public static final List<AttributeDefinition> ATTRIBUTES = List.of(PATH, RELATIVE_TO, LIVE, COMPRESS, MAX_DUMPS, COOLDOWN, MIN_INTERVAL, MIN_FREE_SPACE,
            ON_OUT_OF_MEMORY, ANALYZE, ANALYZER_MAX_HEAP, ANALYZER_TIMEOUT);

    private static SimpleAttributeDefinition bool(String name, boolean defaultValue) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.BOOLEAN)
                .setRequired(false)
                .setDefaultValue(defaultValue ? ModelNode.TRUE : ModelNode.FALSE)
                .setAllowExpression(true)
                .build();
    }

    private final CapturedService<PathFollowingDumps> service = CapturedService.of(SERVICE_DESCRIPTOR);
    private final Supplier<ModelNode> watermarks;

    /** @param watermarks the watermarks' states and numbers, for each dump's metadata */
    public HeapDumpsResourceRegistrar(Supplier<ModelNode> watermarks) {
        this.watermarks = watermarks;
    }

    @Override
    public ManagementResourceRegistration register(ManagementResourceRegistration parent, ManagementResourceRegistrationContext context) {
        ManagementResourceRegistration registration = parent.registerSubModel(ResourceDefinition.builder(REGISTRATION, RESOLVER).build());
        ResourceDescriptor descriptor = new LiveWriteHandler<>(this::applyLive, this::restoreLive).describe(RESOLVER, CAPABILITY, this, ATTRIBUTES).build();
        ManagementResourceRegistrar.of(descriptor).register(registration);

        service.registerRuntime(registration, context, HeapDumpsRuntimeAttribute.class, HeapDumpsOperation.class);
        return registration;
    }

    /** The running service, for the actions; null if heap-dumps is not configured or not running. */
    public HeapDumpService service() {
        PathFollowingDumps dumps = service.get();
        return dumps != null ? dumps.service() : null;
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        HeapDumpsConfig config = config(context, model);
        String server = System.getProperty("jboss.server.name", "server");
        ServiceDependency<PathManager> paths = ServiceDependency.on(PathManager.SERVICE_DESCRIPTOR);
        return service.installer(context, captor -> CapabilityServiceInstaller.builder(CAPABILITY, () -> {
                    HeapDumpSettings settings;
                    try {
                        settings = config.resolve(paths.get());
                    } catch (OperationFailedException e) {
                        throw new IllegalStateException(e.getMessage()); // fails the start, with the message
                    }
                    return new PathFollowingDumps(new HeapDumpService(server, settings, watermarks), paths.get());
                })
                .requires(paths)
                .withCaptor(captor)
                .startWhen(StartWhen.INSTALLED)
                .onStart(dumps -> {
                    dumps.service().start();
                    dumps.follow(config);
                })
                .onStop(dumps -> {
                    dumps.unfollow();
                    dumps.service().stop();
                })
                .build());
    }

    /** The directories Undertow's file handlers serve, as the model holds them now. */
    private static List<ServedDirectories.Served> fileHandlers(OperationContext context) throws OperationFailedException {
        List<ServedDirectories.Served> served = new ArrayList<>();
        try {
            Resource handlers = context.readResourceFromRoot(PathAddress.pathAddress("subsystem", "undertow").append("configuration", "handler"), false);
            for (Resource.ResourceEntry file : handlers.getChildren("file")) {
                ModelNode path = file.getModel().get("path");
                if (path.isDefined()) {
                    served.add(new ServedDirectories.Served(Path.of(context.resolveExpressions(path).asString()),
                            "which Undertow's file handler " + file.getName() + " serves"));
                }
            }
        } catch (RuntimeException noUndertow) {
            // no undertow subsystem, or no handlers: nothing served from files
        }
        return served;
    }

    static HeapDumpsConfig config(OperationContext context, ModelNode model) throws OperationFailedException {
        ModelNode relativeTo = RELATIVE_TO.resolveModelAttribute(context, model);
        return new HeapDumpsConfig(PATH.resolveModelAttribute(context, model).asString(), relativeTo.isDefined() ? relativeTo.asString() : null,
                LIVE.resolveModelAttribute(context, model).asBoolean(),
                COMPRESS.resolveModelAttribute(context, model).asBoolean(),
                MAX_DUMPS.resolveModelAttribute(context, model).asInt(),
                Duration.ofSeconds(COOLDOWN.resolveModelAttribute(context, model).asLong()),
                Duration.ofSeconds(MIN_INTERVAL.resolveModelAttribute(context, model).asLong()),
                MIN_FREE_SPACE.resolveModelAttribute(context, model).asLong(),
                ON_OUT_OF_MEMORY.resolveModelAttribute(context, model).asBoolean(),
                new AnalyzerSettings(ANALYZE.resolveModelAttribute(context, model).asBoolean(), ANALYZER_MAX_HEAP.resolveModelAttribute(context, model).asLong(),
                        Duration.ofSeconds(ANALYZER_TIMEOUT.resolveModelAttribute(context, model).asLong())),
                fileHandlers(context));
    }

    /** What a live write replaced: the settings in use and the configuration (whose relative-to path was followed). */
    record Replaced(HeapDumpSettings settings, HeapDumpsConfig config) {
    }

    /** A written attribute applied to the running dumper at once; returns what it replaced. */
    private Replaced applyLive(OperationContext context, ModelNode model) throws OperationFailedException {
        HeapDumpsConfig config = config(context, model);
        return service.apply(context, dumps -> {
            Replaced previous = new Replaced(dumps.service().dumper().settings(), dumps.config());
            dumps.apply(config);
            return previous;
        });
    }

    private void restoreLive(OperationContext context, Replaced previous) throws OperationFailedException {
        service.apply(context, dumps -> {
            dumps.service().reconfigure(previous.settings());
            dumps.follow(previous.config());
            return null;
        });
    }
}
