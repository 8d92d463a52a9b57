package dev.vigil.dump;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
import org.jboss.as.controller.access.management.SensitiveTargetAccessConstraintDefinition;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.as.controller.descriptions.ResourceDescriptionResolver;
import org.jboss.as.controller.operations.validation.LongRangeValidator;
import org.jboss.as.controller.operations.validation.IntRangeValidator;
import org.jboss.as.controller.operations.validation.StringLengthValidator;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.controller.registry.Resource;
import org.jboss.as.controller.services.path.PathEntry;
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

import dev.vigil.VigilLogger;
import dev.vigil.subsystem.DumpSensitivity;
import dev.vigil.subsystem.LiveWriteHandler;
import dev.vigil.subsystem.RunningService;
import dev.vigil.subsystem.VigilSubsystemRegistrar;

/**
 * {@code /subsystem=vigil/service=heap-dumps}: one {@link HeapDumpService}. Every attribute applies to the running
 * service at once; the operations that take, read or delete a dump are RBAC-sensitive ({@code heap-dump}).
 */
public final class HeapDumpsResourceRegistrar implements ChildResourceDefinitionRegistrar, ResourceServiceConfigurator {

    public static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PathElement.pathElement("service", "heap-dumps"));
    static final ResourceDescriptionResolver RESOLVER = VigilSubsystemRegistrar.RESOLVER.createChildResolver(PathElement.pathElement("heap-dumps"));

    /**
     * The running service, with the server's paths to resolve a new path against. It follows the path relative-to
     * names: a change of that path moves the dumps at once; its removal asks for a reload (the dumps stay where they
     * are until then).
     */
    static final class Running {
        private final HeapDumpService service;
        private final PathManager paths;
        private PathManager.Callback.Handle followed;
        private Config config;

        Running(HeapDumpService service, PathManager paths) {
            this.service = service;
            this.paths = paths;
        }

        HeapDumpService service() {
            return service;
        }

        /** Applies the configuration and follows the path it is relative to, instead of the one followed before. */
        synchronized void apply(Config config) throws OperationFailedException {
            service.reconfigure(config.resolve(paths));
            follow(config);
        }

        /** The configuration applied last. */
        synchronized Config config() {
            return config;
        }

        synchronized void follow(Config config) {
            unfollow();
            this.config = config;
            if (config.relativeTo() == null || Path.of(config.path()).isAbsolute()) {
                return;
            }
            followed = paths.registerCallback(config.relativeTo(), new PathManager.Callback() {
                @Override
                public void pathModelEvent(PathManager.PathEventContext event, String name) {
                    if (event.getEvent() == PathManager.Event.REMOVED) {
                        VigilLogger.ROOT_LOGGER.dumpPathRemoved(name, service.dumper().directory().path().toString());
                        event.reloadRequired();
                    }
                }

                @Override
                public void pathEvent(PathManager.Event event, PathEntry entry) {
                    if (event != PathManager.Event.UPDATED) {
                        return;
                    }
                    try {
                        service.reconfigure(config.resolve(paths));
                        VigilLogger.ROOT_LOGGER.dumpPathFollowed(entry.getName(), service.dumper().directory().path().toString());
                    } catch (OperationFailedException e) {
                        VigilLogger.ROOT_LOGGER.dumpPathNotFollowed(entry.getName(), e.getMessage(), service.dumper().directory().path().toString());
                    }
                }
            }, PathManager.Event.UPDATED, PathManager.Event.REMOVED);
        }

        synchronized void unfollow() {
            if (followed != null) {
                followed.remove();
                followed = null;
            }
        }
    }

    static final NullaryServiceDescriptor<Running> SERVICE_DESCRIPTOR = NullaryServiceDescriptor.of("dev.vigil.heap-dumps", Running.class);
    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of(SERVICE_DESCRIPTOR).build();

    /** Taking, downloading and deleting dumps: Administrator, SuperUser ({@link DumpSensitivity}). */
    static final SensitiveTargetAccessConstraintDefinition HEAP_DUMP_SENSITIVITY = DumpSensitivity.HEAP_DUMP;

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

    public static final List<AttributeDefinition> ATTRIBUTES = List.of(PATH, RELATIVE_TO, LIVE, COMPRESS, MAX_DUMPS, COOLDOWN, MIN_INTERVAL, MIN_FREE_SPACE,
            ON_OUT_OF_MEMORY);

    private static SimpleAttributeDefinition bool(String name, boolean defaultValue) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.BOOLEAN)
                .setRequired(false)
                .setDefaultValue(defaultValue ? ModelNode.TRUE : ModelNode.FALSE)
                .setAllowExpression(true)
                .build();
    }

    private final RunningService<Running> running = new RunningService<>(SERVICE_DESCRIPTOR);
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

        if (context.isRuntimeOnlyRegistrationValid()) {
            for (HeapDumpsRuntimeAttribute attribute : HeapDumpsRuntimeAttribute.values()) {
                registration.registerMetric(attribute.definition(), running.reader(dumps -> attribute.read(dumps.service())));
            }
            for (HeapDumpsOperation operation : HeapDumpsOperation.values()) {
                // Refusals come from the MODEL stage: WildFly logs a refused request there as what it is, not as a server error.
                registration.registerOperationHandler(operation.definition(), running.operation((modelContext, step, dumps) -> {
                    operation.authorize(modelContext, step);
                    operation.refuse(modelContext, step, dumps.service());
                    return null;
                }, (stepContext, step, dumps) -> operation.execute(stepContext, step, dumps.service())));
            }
        }
        return registration;
    }

    /** Runs an action on the running service (the watermark actions), or {@code otherwise} if heap-dumps is not configured or not running. */
    public void ifRunning(Consumer<HeapDumpService> action, Runnable otherwise) {
        HeapDumpService service = service();
        if (service != null) {
            action.accept(service);
        } else {
            otherwise.run();
        }
    }

    /** The running service; null if heap-dumps is not configured or not running. */
    public HeapDumpService service() {
        Running dumps = running.get();
        return dumps != null ? dumps.service() : null;
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        Config config = config(context, model);
        String server = System.getProperty("jboss.server.name", "server");
        ServiceDependency<PathManager> paths = ServiceDependency.on(PathManager.SERVICE_DESCRIPTOR);
        return running.installer(captor -> CapabilityServiceInstaller.builder(CAPABILITY, () -> {
                    HeapDumpSettings settings;
                    try {
                        settings = config.resolve(paths.get());
                    } catch (OperationFailedException e) {
                        throw new IllegalStateException(e.getMessage()); // fails the start, with the message
                    }
                    return new Running(new HeapDumpService(server, settings, watermarks), paths.get());
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

    /** The configuration as the model gives it, expressions resolved; the directory is resolved by the running server. */
    record Config(String path, String relativeTo, boolean live, boolean compress, int maxDumps, Duration cooldown, Duration minInterval,
                  long minFreeSpace, boolean onOutOfMemory, List<ServedDirectories.Served> fileHandlers) {

        /**
         * Resolves the directory through the server's paths and checks it can be used: created (owner-only) when
         * missing, writable. One that cannot be used is refused with the reason.
         */
        HeapDumpSettings resolve(PathManager paths) throws OperationFailedException {
            // An absolute path stands alone (path=/var/dumps), whatever relative-to says.
            if (!Path.of(path).isAbsolute() && relativeTo != null) {
                try {
                    paths.getPathEntry(relativeTo);
                } catch (IllegalArgumentException unknown) {
                    throw new OperationFailedException(VigilLogger.ROOT_LOGGER.unknownRelativeTo(relativeTo, relativeTo));
                }
            }
            Path directory = Path.of(path).isAbsolute() ? Path.of(path) : Path.of(paths.resolveRelativePathEntry(path, relativeTo));
            HeapDumpSettings settings = new HeapDumpSettings(directory, live, compress, maxDumps, cooldown, minInterval, minFreeSpace, onOutOfMemory);
            try {
                served(paths).refuse(directory, "path=" + path + (Path.of(path).isAbsolute() || relativeTo == null ? "" : " relative-to=" + relativeTo));
                new DumpDirectory(settings.directory(), "").prepare();
            } catch (HeapDumpException e) {
                throw new OperationFailedException(e.getMessage());
            }
            return settings;
        }

        /** What the server serves or deploys from: no dump directory may lie inside. */
        ServedDirectories served(PathManager paths) {
            List<ServedDirectories.Served> served = new ArrayList<>(fileHandlers);
            addServed(served, paths, "jboss.home.dir", "welcome-content", "which Undertow serves as the welcome content");
            addServed(served, paths, "jboss.server.data.dir", "content", "which holds the deployments' content");
            addServed(served, paths, "jboss.server.deploy.dir", null, "which holds the deployments' content");
            addServed(served, paths, "jboss.server.base.dir", "deployments", "which the deployment scanner deploys from");
            return new ServedDirectories(served);
        }

        private static void addServed(List<ServedDirectories.Served> served, PathManager paths, String pathName, String child, String what) {
            try {
                String resolved = child == null ? paths.getPathEntry(pathName).resolvePath() : paths.resolveRelativePathEntry(child, pathName);
                served.add(new ServedDirectories.Served(Path.of(resolved), what + " (" + (child == null ? pathName : pathName + "/" + child) + ")"));
            } catch (RuntimeException notDefined) {
                // a server without that path (an embedded one) serves nothing from it
            }
        }
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

    static Config config(OperationContext context, ModelNode model) throws OperationFailedException {
        ModelNode relativeTo = RELATIVE_TO.resolveModelAttribute(context, model);
        return new Config(PATH.resolveModelAttribute(context, model).asString(), relativeTo.isDefined() ? relativeTo.asString() : null,
                LIVE.resolveModelAttribute(context, model).asBoolean(),
                COMPRESS.resolveModelAttribute(context, model).asBoolean(),
                MAX_DUMPS.resolveModelAttribute(context, model).asInt(),
                Duration.ofSeconds(COOLDOWN.resolveModelAttribute(context, model).asLong()),
                Duration.ofSeconds(MIN_INTERVAL.resolveModelAttribute(context, model).asLong()),
                MIN_FREE_SPACE.resolveModelAttribute(context, model).asLong(),
                ON_OUT_OF_MEMORY.resolveModelAttribute(context, model).asBoolean(), fileHandlers(context));
    }

    /** What a live write replaced: the settings in use and the configuration (whose relative-to path was followed). */
    record Replaced(HeapDumpSettings settings, Config config) {
    }

    /** A written attribute applied to the running dumper at once; returns what it replaced. */
    private Replaced applyLive(OperationContext context, ModelNode model) throws OperationFailedException {
        Config config = config(context, model);
        return running.apply(dumps -> {
            Replaced previous = new Replaced(dumps.service().dumper().settings(), dumps.config());
            dumps.apply(config);
            return previous;
        });
    }

    private void restoreLive(OperationContext context, Replaced previous) throws OperationFailedException {
        running.apply(dumps -> {
            dumps.service().reconfigure(previous.settings());
            dumps.follow(previous.config());
            return null;
        });
    }
}
