package dev.vigil.guard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.jboss.as.controller.AbstractWriteAttributeHandler;
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
import org.jboss.as.controller.operations.validation.StringLengthValidator;
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

import dev.vigil.VigilLogger;
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

    /** The exit code of a server stopped as a duplicate (WildFly's own for a failed boot). */
    static final int EXIT_DUPLICATE = 1;

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
    /** The guard the boot's model step claimed with, for its runtime step to go on with. */
    private final AtomicReference<InstanceGuard> booting = new AtomicReference<>();

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

        if (context.isRuntimeOnlyRegistrationValid()) {
            service.registerAttributes(registration, GuardRuntimeAttribute.class);
            service.registerOperations(registration, GuardOperation.class);
        }
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
        InstanceGuard guard = new InstanceGuard(settings, InstanceInfo.current(configFile(), 0, List.of()));
        try {
            guard.claimDirs();
        } catch (GuardException e) {
            throw new OperationFailedException(e.getMessage());
        }
        onDuplicateAtBoot(guard, guard.duplicates(), true);
        booting.set(guard);
        context.completeStep((rollbackContext, operation) -> {
            // the boot failed after the claim: release it, or this JVM keeps the locks and its next boot (a reload) finds them taken
            booting.compareAndSet(guard, null);
            guard.close();
        });
    }

    /**
     * Duplicates found at boot, by the model step (the directories) or the runtime step (the ports): logged, a trace
     * left for the other, and with fail the JVM stops here. The runtime step reports only what the ports add: a server
     * also on the directories was logged, and left its trace, in the model step.
     */
    private static void onDuplicateAtBoot(InstanceGuard guard, List<Duplicate> found, boolean directories) {
        List<Duplicate> news = directories ? found : found.stream().filter(d -> !d.sharedPorts().isEmpty())
                .map(d -> new Duplicate(d.other(), List.of(), d.sharedPorts())).toList();
        if (news.isEmpty()) {
            return;
        }
        OnDuplicate what = guard.settings().onDuplicate();
        guard.leaveTraces(directories ? found : found.stream().filter(d -> d.sharedDirs().isEmpty()).toList(), what);
        for (Duplicate duplicate : news) {
            if (what == OnDuplicate.FAIL) {
                VigilLogger.ROOT_LOGGER.duplicateFail(duplicate.shared(), duplicate.other().describe(), duplicate.consequence(), InstanceGuardService.howToStop(duplicate.other()));
            } else {
                VigilLogger.ROOT_LOGGER.duplicateWarn(duplicate.shared(), duplicate.other().describe(), duplicate.consequence(), InstanceGuardService.howToStop(duplicate.other()));
            }
        }
        if (what == OnDuplicate.FAIL) {
            guard.close();
            System.out.flush();
            System.err.flush();
            // halt, not exit: nothing else of this server may run, not even its shutdown, which would stop services in the other's directories
            Runtime.getRuntime().halt(EXIT_DUPLICATE);
        }
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        GuardSettings settings = settings(context, model);
        InstanceGuard claimed = booting.getAndSet(null);
        boolean boot = claimed != null;
        InstanceGuard guard = boot ? claimed : new InstanceGuard(settings, InstanceInfo.current(configFile(), 0, List.of()));
        try {
            if (!boot) {
                guard.claimDirs(); // added on a running server: claimed at once, no reload needed
            }
            Ports ports = ports(context);
            guard.checkPorts(ports.offset(), ports.bindings());
            if (boot) {
                onDuplicateAtBoot(guard, guard.duplicates(), false);
            } else {
                onDuplicateWhenAdded(guard);
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

    /**
     * Duplicates found by an add on a running server. The server already runs and serves, so it is never stopped: with
     * fail the add is refused (and rolled back, its locks released), with warn the guard runs and reports.
     */
    private static void onDuplicateWhenAdded(InstanceGuard guard) throws OperationFailedException {
        List<Duplicate> duplicates = guard.duplicates();
        if (duplicates.isEmpty()) {
            return;
        }
        if (guard.settings().onDuplicate() == OnDuplicate.FAIL) {
            Duplicate first = duplicates.get(0);
            throw new OperationFailedException(VigilLogger.ROOT_LOGGER.duplicateRefusesAdd(first.shared(), first.other().describe(), first.consequence(),
                    InstanceGuardService.howToStop(first.other())));
        }
        for (Duplicate duplicate : duplicates) {
            VigilLogger.ROOT_LOGGER.duplicateWarn(duplicate.shared(), duplicate.other().describe(), duplicate.consequence(), InstanceGuardService.howToStop(duplicate.other()));
        }
    }

    record Ports(int offset, List<InetSocketAddress> bindings) {
    }

    /**
     * The TCP addresses of the server's socket bindings: interface address and port, offset applied (fixed ports as
     * they are). Multicast bindings (jgroups-udp, modcluster) are UDP and left out.
     */
    static Ports ports(OperationContext context) throws OperationFailedException {
        List<InetSocketAddress> bindings = new ArrayList<>();
        int offset = 0;
        Resource root = context.readResourceFromRoot(PathAddress.EMPTY_ADDRESS, false);
        for (String group : root.getChildrenNames("socket-binding-group")) {
            Resource groupResource = context.readResourceFromRoot(PathAddress.pathAddress("socket-binding-group", group), true);
            offset = context.resolveExpressions(groupResource.getModel().get("port-offset")).asInt(0);
            String defaultInterface = context.resolveExpressions(groupResource.getModel().get("default-interface")).asString("");
            for (Resource.ResourceEntry binding : groupResource.getChildren("socket-binding")) {
                ModelNode model = binding.getModel();
                ModelNode port = context.resolveExpressions(model.get("port"));
                if (!port.isDefined() || port.asInt() <= 0 || model.hasDefined("multicast-address")) {
                    continue;
                }
                boolean fixed = context.resolveExpressions(model.get("fixed-port")).asBoolean(false);
                String name = model.hasDefined("interface") ? context.resolveExpressions(model.get("interface")).asString() : defaultInterface;
                InetSocketAddress address = new InetSocketAddress(bindAddress(context, root, name), fixed ? port.asInt() : port.asInt() + offset);
                if (!bindings.contains(address)) {
                    bindings.add(address);
                }
            }
        }
        return new Ports(offset, bindings);
    }

    /**
     * The address an interface binds: its inet-address; else the wildcard (any-address, or criteria such as nic that
     * only the interface service judges), which meets every listener on the port, so nothing is missed.
     */
    private static InetAddress bindAddress(OperationContext context, Resource root, String name) {
        InetAddress wildcard = new InetSocketAddress(0).getAddress();
        if (!root.hasChild(PathElement.pathElement("interface", name))) {
            return wildcard;
        }
        try {
            ModelNode address = context.resolveExpressions(context.readResourceFromRoot(PathAddress.pathAddress("interface", name), false).getModel().get("inet-address"));
            return address.isDefined() ? InetAddress.getByName(address.asString()) : wildcard;
        } catch (OperationFailedException | UnknownHostException e) {
            return wildcard; // the server's own binding fails with its own error
        }
    }

    /** The configuration file, as the server was started with it (-c, --server-config), else standalone.xml; a domain server's name. */
    static String configFile() {
        String dir = System.getProperty("jboss.server.config.dir", "");
        String[] arguments = ProcessHandle.current().info().arguments().orElse(new String[0]);
        String file = "standalone.xml";
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if (argument.startsWith("-D[Server:")) { // a managed domain's server: its configuration is the domain's
                return "domain server " + argument.substring("-D[Server:".length(), argument.length() - 1);
            }
            if ((argument.equals("-c") || argument.equals("--server-config")) && i + 1 < arguments.length) {
                file = arguments[i + 1];
            } else if (argument.startsWith("--server-config=") || argument.startsWith("-c=")) {
                file = argument.substring(argument.indexOf('=') + 1);
            }
        }
        return dir.isEmpty() ? file : Path.of(dir).resolve(file).toString();
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

    /** lock-dirs: each directory must be able to hold a lock file now; claimed at the next reload. */
    private static final class LockDirsWriteHandler extends AbstractWriteAttributeHandler<Void> {

        @Override
        protected boolean applyUpdateToRuntime(OperationContext context, ModelNode operation, String attributeName, ModelNode resolvedValue,
                ModelNode currentValue, HandbackHolder<Void> handback) throws OperationFailedException {
            // the add runs this handler too: then its runtime step claims the directories itself, and nothing waits for a reload
            boolean added = addedByThisOperation(context);
            if (resolvedValue.isDefined()) {
                for (ModelNode dir : resolvedValue.asList()) {
                    String problem = DirectoryLock.unusable(Path.of(dir.asString()));
                    if (problem != null) {
                        throw new OperationFailedException(VigilLogger.ROOT_LOGGER.lockDirUnusable(dir.asString(), problem, System.getProperty("user.name")));
                    }
                }
            }
            return !added; // a running guard keeps its directories until the next reload, which claims the new ones
        }

        @Override
        protected void revertUpdateToRuntime(OperationContext context, ModelNode operation, String attributeName, ModelNode valueToRestore,
                ModelNode valueToRevert, Void handback) {
        }

        /** Whether the resource did not exist before this operation (its parent may be new too, as in a composite). */
        private static boolean addedByThisOperation(OperationContext context) {
            try {
                context.getOriginalRootResource().navigate(context.getCurrentAddress());
                return false;
            } catch (Resource.NoSuchResourceException e) {
                return true;
            }
        }
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

    /** Each lock-dirs entry must be a path at all (no NUL character) and absolute; whether the directory suits is judged on the disk. */
    private static final class LockDirValidator extends StringLengthValidator {

        LockDirValidator() {
            super(1);
        }

        @Override
        public void validateParameter(String parameterName, ModelNode value) throws OperationFailedException {
            super.validateParameter(parameterName, value);
            if (value.isDefined() && value.getType() != ModelType.EXPRESSION) { // an expression is judged once resolved
                String problem = DirectoryLock.invalidPath(value.asString());
                if (problem != null) {
                    throw new OperationFailedException(VigilLogger.ROOT_LOGGER.lockDirInvalid(value.asString().replace("\0", "\\0"), problem));
                }
            }
        }
    }
}
