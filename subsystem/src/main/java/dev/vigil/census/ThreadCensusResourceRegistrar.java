package dev.vigil.census;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.AttributeMarshaller;
import org.jboss.as.controller.AttributeParser;
import org.jboss.as.controller.ExpressionResolver;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.OperationStepHandler;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.ResourceRegistration;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.as.controller.descriptions.ResourceDescriptionResolver;
import org.jboss.as.controller.operations.validation.IntRangeValidator;
import org.jboss.as.controller.operations.validation.LongRangeValidator;
import org.jboss.as.controller.operations.validation.StringAllowedValuesValidator;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
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

import dev.vigil.subsystem.DumpSensitivity;
import dev.vigil.subsystem.LiveWriteHandler;
import dev.vigil.subsystem.RunningService;
import dev.vigil.subsystem.VigilSubsystemRegistrar;
import dev.vigil.watermark.WatermarkAction;

/**
 * {@code /subsystem=vigil/service=thread-census}: one {@link ThreadCensusService}. Every attribute applies to the
 * running census at once.
 */
public final class ThreadCensusResourceRegistrar implements ChildResourceDefinitionRegistrar, ResourceServiceConfigurator {

    public static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PathElement.pathElement("service", "thread-census"));
    static final ResourceDescriptionResolver RESOLVER = VigilSubsystemRegistrar.RESOLVER.createChildResolver(PathElement.pathElement("thread-census"));

    static final NullaryServiceDescriptor<ThreadCensusService> SERVICE_DESCRIPTOR = NullaryServiceDescriptor.of("dev.vigil.thread-census", ThreadCensusService.class);
    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of(SERVICE_DESCRIPTOR).build();

    public static final SimpleAttributeDefinition INTERVAL = new SimpleAttributeDefinitionBuilder("interval", ModelType.LONG)
            .setRequired(false)
            .setDefaultValue(new ModelNode(CensusSettings.DEFAULT_INTERVAL_SECONDS))
            .setAllowExpression(true)
            .setMeasurementUnit(MeasurementUnit.SECONDS)
            .setValidator(new LongRangeValidator(1L, 3600L))
            .build();
    public static final SimpleAttributeDefinition ORIGIN_WARNING = new SimpleAttributeDefinitionBuilder("origin-warning", ModelType.INT)
            .setRequired(false)
            .setDefaultValue(new ModelNode(CensusSettings.DEFAULT_ORIGIN_WARNING))
            .setAllowExpression(true)
            .setValidator(new IntRangeValidator(1, 1_000_000))
            .build();
    public static final SimpleAttributeDefinition CREATOR_TRACKING = new SimpleAttributeDefinitionBuilder("creator-tracking", ModelType.BOOLEAN)
            .setRequired(false)
            .setDefaultValue(ModelNode.TRUE)
            .setAllowExpression(true)
            .build();
    public static final StringListAttributeDefinition IGNORE_PACKAGES = new StringListAttributeDefinition.Builder("ignore-packages")
            .setRequired(false)
            .setAllowExpression(true)
            .setElementValidator(new RefusingValidator(CensusLimits::ignoredPackage))
            .setAttributeParser(AttributeParser.STRING_LIST)
            .setAttributeMarshaller(AttributeMarshaller.STRING_LIST)
            .build();
    public static final StringListAttributeDefinition ON_ORIGIN_WARNING = new StringListAttributeDefinition.Builder("on-origin-warning")
            .setRequired(false)
            .setDefaultValue(new ModelNode().add(WatermarkAction.NOTIFY.toString()))
            .setAllowExpression(true)
            .setElementValidator(new StringAllowedValuesValidator(WatermarkAction.names().toArray(String[]::new)))
            .setAttributeParser(AttributeParser.STRING_LIST)
            .setAttributeMarshaller(AttributeMarshaller.STRING_LIST)
            .addAccessConstraint(DumpSensitivity.HEAP_DUMP_CONFIG) // may hold dump-heap
            .build();

    public static final List<AttributeDefinition> ATTRIBUTES = List.of(INTERVAL, ORIGIN_WARNING, CREATOR_TRACKING, IGNORE_PACKAGES, ON_ORIGIN_WARNING);

    private final RunningService<ThreadCensusService> running = new RunningService<>(SERVICE_DESCRIPTOR);
    private final ThreadCensusService.OriginWarningActions actions;

    public ThreadCensusResourceRegistrar(ThreadCensusService.OriginWarningActions actions) {
        this.actions = actions;
    }

    @Override
    public ManagementResourceRegistration register(ManagementResourceRegistration parent, ManagementResourceRegistrationContext context) {
        ManagementResourceRegistration registration = parent.registerSubModel(ResourceDefinition.builder(REGISTRATION, RESOLVER).build());
        ResourceDescriptor descriptor = new LiveWriteHandler<>(this::applyLive, this::restoreLive).describe(RESOLVER, CAPABILITY, this, ATTRIBUTES).build();
        ManagementResourceRegistrar.of(descriptor).register(registration);

        if (context.isRuntimeOnlyRegistrationValid()) {
            for (CensusRuntimeAttribute attribute : CensusRuntimeAttribute.values()) {
                OperationStepHandler reader = running.reader(attribute::read);
                if (attribute.metric()) {
                    registration.registerMetric(attribute.definition(), reader);
                } else {
                    registration.registerReadOnlyAttribute(attribute.definition(), reader);
                }
            }
            for (CensusOperation operation : CensusOperation.values()) {
                registration.registerOperationHandler(operation.definition(), running.operation(operation.definition(), (stepContext, step, service) -> {
                    operation.authorize(stepContext, step);
                    return operation.execute(stepContext, step, service);
                }));
            }
        }
        return registration;
    }

    /** Runs an action on the running census (the watermark's thread-census action), or {@code otherwise} if none runs. */
    public void ifRunning(Consumer<ThreadCensusService> action, Runnable otherwise) {
        ThreadCensusService service = running.get();
        if (service != null) {
            action.accept(service);
        } else {
            otherwise.run();
        }
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        CensusSettings settings = settings(context, model);
        List<WatermarkAction> onWarning = onOriginWarning(context, model);
        return running.installer(captor -> CapabilityServiceInstaller.builder(CAPABILITY, () -> new ThreadCensusService(settings, onWarning, actions))
                .withCaptor(captor)
                .startWhen(StartWhen.INSTALLED)
                .onStart(ThreadCensusService::start)
                .onStop(ThreadCensusService::stop)
                .build());
    }

    static CensusSettings settings(ExpressionResolver resolver, ModelNode model) throws OperationFailedException {
        return new CensusSettings(Duration.ofSeconds(INTERVAL.resolveModelAttribute(resolver, model).asLong()),
                ORIGIN_WARNING.resolveModelAttribute(resolver, model).asInt(),
                CREATOR_TRACKING.resolveModelAttribute(resolver, model).asBoolean(),
                IGNORE_PACKAGES.unwrap(resolver, model));
    }

    static List<WatermarkAction> onOriginWarning(ExpressionResolver resolver, ModelNode model) throws OperationFailedException {
        return ON_ORIGIN_WARNING.unwrap(resolver, model).stream().map(WatermarkAction::of).collect(Collectors.toList());
    }

    /** A written attribute applied to the running census at once; returns the settings it replaced. */
    private CensusSettings applyLive(OperationContext context, ModelNode model) throws OperationFailedException {
        CensusSettings settings = settings(context, model);
        List<WatermarkAction> onWarning = onOriginWarning(context, model);
        return running.apply(service -> {
            CensusSettings previous = service.census().settings();
            service.reconfigure(settings);
            service.onOriginWarning(onWarning);
            return previous;
        });
    }

    private void restoreLive(OperationContext context, CensusSettings previous) throws OperationFailedException {
        running.apply(service -> {
            service.reconfigure(previous);
            return null;
        });
    }
}
