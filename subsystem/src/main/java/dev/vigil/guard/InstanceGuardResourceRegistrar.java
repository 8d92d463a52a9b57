package dev.vigil.guard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.AttributeMarshaller;
import org.jboss.as.controller.AttributeParser;
import org.jboss.as.controller.ExpressionResolver;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.PathAddress;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.ResourceRegistration;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.as.controller.descriptions.ResourceDescriptionResolver;
import org.jboss.as.controller.operations.validation.LongRangeValidator;
import org.jboss.as.controller.operations.validation.StringAllowedValuesValidator;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.controller.registry.Resource;
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
import org.wildfly.subsystem.service.capability.CapabilityServiceInstaller;

import dev.vigil.management.CapturedService;
import dev.vigil.management.Descriptions;
import dev.vigil.management.LiveWriteHandler;

/**
 * {@code /subsystem=vigil/service=instance-guard}. At boot the guard claims its directories in the add operation's
 * model step, before any subsystem installs a service, and checks the ports in its runtime step, before the socket
 * bindings (installed after every subsystem's runtime step) open. A duplicate with on-duplicate=fail stops the JVM
 * there and then. Added on a running server, it claims and checks in the add's runtime step, with no reload; a
 * duplicate with fail refuses the add, since a server that already serves is never stopped.
 */
public final class InstanceGuardResourceRegistrar implements ChildResourceDefinitionRegistrar, ResourceServiceConfigurator {

    public static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PathElement.pathElement("service", "instance-guard"));
    static final ResourceDescriptionResolver RESOLVER = Descriptions.child("instance-guard");

    static final NullaryServiceDescriptor<InstanceGuardService> SERVICE_DESCRIPTOR = NullaryServiceDescriptor.of("dev.vigil.instance-guard", InstanceGuardService.class);
    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of(SERVICE_DESCRIPTOR).build();

    public static final SimpleAttributeDefinition ON_DUPLICATE = new SimpleAttributeDefinitionBuilder("on-duplicate", ModelType.STRING)
            .setRequired(false)
            .setDefaultValue(new ModelNode(OnDuplicate.FAIL.toString()))
            .setAllowExpression(true)
            .setValidator(new StringAllowedValuesValidator(OnDuplicate.names().toArray(String[]::new)))
            .build();
    public static final StringListAttributeDefinition LOCK_DIRS = new StringListAttributeDefinition.Builder("lock-dirs")
            .setRequired(false)
            .setAllowExpression(true)
            .setElementValidator(new LockDirValidator())
            .setAttributeParser(AttributeParser.STRING_LIST)
            .setAttributeMarshaller(AttributeMarshaller.STRING_LIST)
            .setRestartAllServices()
            .build();
    public static final SimpleAttributeDefinition CHECK_PORTS = new SimpleAttributeDefinitionBuilder("check-ports", ModelType.BOOLEAN)
            .setRequired(false)
            .setDefaultValue(ModelNode.TRUE)
            .setAllowExpression(true)
            .build();
    public static final SimpleAttributeDefinition RECHECK_INTERVAL = new SimpleAttributeDefinitionBuilder("recheck-interval", ModelType.LONG)
            .setRequired(false)
            .setDefaultValue(new ModelNode(GuardSettings.DEFAULT_RECHECK_SECONDS))
            .setAllowExpression(true)
            .setMeasurementUnit(MeasurementUnit.SECONDS)
            .setValidator(new LongRangeValidator(1L, 3600L))
            .build();

    public static final List<AttributeDefinition> ATTRIBUTES = List.of(ON_DUPLICATE, LOCK_DIRS, CHECK_PORTS, RECHECK_INTERVAL);

    private final CapturedService<InstanceGuardService> service = CapturedService.of(SERVICE_DESCRIPTOR);
    private final DuplicatePolicy duplicates = new DuplicatePolicy(Runtime.getRuntime()::halt);
    /** The guard the boot's model step claimed with, for its runtime step to go on with. */
    private final AtomicReference<InstanceGuard> booting = new AtomicReference<>();

    /** The running guard, or null: for the health check. */
    public InstanceGuardService service() {
        return service.get();
    }

    @Override
    public ManagementResourceRegistration register(ManagementResourceRegistration parent, ManagementResourceRegistrationContext context) {
        ManagementResourceRegistration registration = parent.registerSubModel(ResourceDefinition.builder(REGISTRATION, RESOLVER).build());
        List<AttributeDefinition> live = ATTRIBUTES.stream().filter(attribute -> attribute != LOCK_DIRS).collect(Collectors.toList());
        ResourceDescriptor descriptor = new LiveWriteHandler<>(this::applyLive, this::restoreLive).describe(RESOLVER, CAPABILITY, this, live)
                .addAttribute(LOCK_DIRS, new LockDirsWriteHandler()) // applies at the next reload
                .withOperationTransformation("add", add -> (operationContext, operation) -> {
                    add.execute(operationContext, operation);
                    // a model step of its own: it runs once the add has written the model, still before any runtime step
                    operationContext.addStep((stepContext, step) -> claimAtBoot(stepContext), OperationContext.Stage.MODEL);
                })
                .build();
        ManagementResourceRegistrar.of(descriptor).register(registration);

        service.registerRuntime(registration, context, GuardRuntimeAttribute.class, GuardOperation.class);
        return registration;
    }

    /**
     * The boot's model step: every subsystem's model step runs before any runtime step, so the directories are claimed
     * before anything is installed that could write into them.
     */
    private void claimAtBoot(OperationContext context) throws OperationFailedException {
        if (!context.isBooting() || !context.isNormalServer()) {
            return;
        }
        GuardSettings settings = settings(context, context.readResource(PathAddress.EMPTY_ADDRESS).getModel());
        InstanceGuard guard = new InstanceGuard(settings, InstanceInfo.current(ServerConfigFile.current(), 0, List.of()));
        try {
            guard.claimDirs();
        } catch (GuardException e) {
            throw new OperationFailedException(e.getMessage());
        }
        duplicates.atBoot(guard, guard.duplicates(), DuplicatePolicy.BootStep.DIRECTORIES);
        booting.set(guard);
        context.completeStep((rollbackContext, operation) -> {
            // the boot failed after the claim: release it, or this JVM keeps the locks and its next boot (a reload) finds them taken
            booting.compareAndSet(guard, null);
            guard.close();
        });
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        GuardSettings settings = settings(context, model);
        InstanceGuard claimed = booting.getAndSet(null);
        boolean boot = claimed != null;
        InstanceGuard guard = boot ? claimed : new InstanceGuard(settings, InstanceInfo.current(ServerConfigFile.current(), 0, List.of()));
        try {
            if (!boot) {
                guard.claimDirs(); // added on a running server: claimed at once, no reload needed
            }
            ServerPorts ports = ports(context);
            guard.checkPorts(ports.offset(), ports.addresses());
            if (boot) {
                duplicates.atBoot(guard, guard.duplicates(), DuplicatePolicy.BootStep.PORTS);
            } else if (duplicates.whenAdded(guard, guard.duplicates()) instanceof DuplicatePolicy.Refuse refuse) {
                throw new OperationFailedException(refuse.message());
            }
        } catch (GuardException e) {
            throw new OperationFailedException(e.getMessage());
        } catch (OperationFailedException | RuntimeException e) {
            guard.close(); // no service will hold this guard, so nothing else would release its locks
            throw e;
        }
        return service.installer(context, captor -> CapabilityServiceInstaller.builder(CAPABILITY, () -> new InstanceGuardService(guard))
                .withCaptor(captor)
                .startWhen(StartWhen.INSTALLED)
                .onStart(InstanceGuardService::start)
                .onStop(InstanceGuardService::stop)
                .build());
    }

    /** The server's socket bindings and the addresses of its interfaces, as the model holds them, expressions resolved. */
    private static ServerPorts ports(OperationContext context) throws OperationFailedException {
        Resource root = context.readResourceFromRoot(PathAddress.EMPTY_ADDRESS, false);
        List<ServerPorts.Group> groups = new ArrayList<>();
        for (String name : root.getChildrenNames("socket-binding-group")) {
            Resource group = context.readResourceFromRoot(PathAddress.pathAddress("socket-binding-group", name), true);
            List<ServerPorts.Binding> bindings = new ArrayList<>();
            for (Resource.ResourceEntry binding : group.getChildren("socket-binding")) {
                ModelNode model = binding.getModel();
                bindings.add(new ServerPorts.Binding(binding.getName(), context.resolveExpressions(model.get("port")).asInt(0),
                        context.resolveExpressions(model.get("fixed-port")).asBoolean(false), model.hasDefined("multicast-address"),
                        model.hasDefined("interface") ? context.resolveExpressions(model.get("interface")).asString() : null));
            }
            groups.add(new ServerPorts.Group(context.resolveExpressions(group.getModel().get("port-offset")).asInt(0),
                    context.resolveExpressions(group.getModel().get("default-interface")).asString(""), bindings));
        }
        Map<String, String> inetAddresses = new HashMap<>();
        for (String name : root.getChildrenNames("interface")) {
            try {
                ModelNode address = context.resolveExpressions(context.readResourceFromRoot(PathAddress.pathAddress("interface", name), false).getModel().get("inet-address"));
                if (address.isDefined()) {
                    inetAddresses.put(name, address.asString());
                }
            } catch (OperationFailedException e) {
                // bound to the wildcard: the server's own binding fails with its own error
            }
        }
        return ServerPorts.of(groups, inetAddresses);
    }

    static GuardSettings settings(ExpressionResolver resolver, ModelNode model) throws OperationFailedException {
        List<Path> dirs = new ArrayList<>();
        for (String dir : LOCK_DIRS.unwrap(resolver, model)) {
            dirs.add(Path.of(dir));
        }
        return new GuardSettings(OnDuplicate.of(ON_DUPLICATE.resolveModelAttribute(resolver, model).asString()), dirs,
                CHECK_PORTS.resolveModelAttribute(resolver, model).asBoolean(),
                Duration.ofSeconds(RECHECK_INTERVAL.resolveModelAttribute(resolver, model).asLong()));
    }

    /** on-duplicate, check-ports and recheck-interval applied to the running guard at once (lock-dirs: at the next reload). */
    private GuardSettings applyLive(OperationContext context, ModelNode model) throws OperationFailedException {
        GuardSettings settings = settings(context, model);
        return service.apply(context, guard -> {
            GuardSettings previous = guard.settings();
            guard.reconfigure(new GuardSettings(settings.onDuplicate(), previous.lockDirs(), settings.checkPorts(), settings.recheckInterval()));
            return previous;
        });
    }

    private void restoreLive(OperationContext context, GuardSettings previous) throws OperationFailedException {
        service.apply(context, guard -> {
            guard.reconfigure(previous);
            return null;
        });
    }
}
