package dev.vigil.census;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.AttributeMarshaller;
import org.jboss.as.controller.AttributeParser;
import org.jboss.as.controller.ExpressionResolver;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
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

import dev.vigil.action.Action;
import dev.vigil.action.ActionRunner;
import dev.vigil.management.ActionListAttribute;
import dev.vigil.management.CapturedService;
import dev.vigil.management.Descriptions;
import dev.vigil.management.LiveWriteHandler;

/**
 * {@code /subsystem=vigil/service=thread-census}: one {@link ThreadCensusService}. Every attribute applies to the
 * running census at once.
 */
public final class ThreadCensusResourceRegistrar implements ChildResourceDefinitionRegistrar, ResourceServiceConfigurator {

    public static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PathElement.pathElement("service", "thread-census"));
    static final ResourceDescriptionResolver RESOLVER = Descriptions.child("thread-census");

    public static final NullaryServiceDescriptor<ThreadCensusService> SERVICE_DESCRIPTOR = NullaryServiceDescriptor.of("dev.vigil.thread-census", ThreadCensusService.class);
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
    public static final StringListAttributeDefinition ON_ORIGIN_WARNING = ActionListAttribute.withoutEnd("on-origin-warning");

    public static final List<AttributeDefinition> ATTRIBUTES = List.of(INTERVAL, ORIGIN_WARNING, CREATOR_TRACKING, IGNORE_PACKAGES, ON_ORIGIN_WARNING);

    private final CapturedService<ThreadCensusService> service;
    private final ActionRunner actions;

    /**
     * @param service where the running census is captured ({@code CapturedService.of(SERVICE_DESCRIPTOR)}), given so
     *                that the actions reach it too
     * @param actions runs the actions an origin warning configures
     */
    public ThreadCensusResourceRegistrar(CapturedService<ThreadCensusService> service, ActionRunner actions) {
        this.service = service;
        this.actions = actions;
    }

    @Override
    public ManagementResourceRegistration register(ManagementResourceRegistration parent, ManagementResourceRegistrationContext context) {
        ManagementResourceRegistration registration = parent.registerSubModel(ResourceDefinition.builder(REGISTRATION, RESOLVER).build());
        ResourceDescriptor descriptor = new LiveWriteHandler<>(this::applyLive, this::restoreLive).describe(RESOLVER, CAPABILITY, this, ATTRIBUTES).build();
        ManagementResourceRegistrar.of(descriptor).register(registration);

        service.registerRuntime(registration, context, CensusRuntimeAttribute.class, CensusOperation.class);
        return registration;
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        CensusSettings settings = settings(context, model);
        List<Action> onWarning = onOriginWarning(context, model);
        return service.installer(context, captor -> CapabilityServiceInstaller.builder(CAPABILITY, () -> new ThreadCensusService(settings, onWarning, actions))
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

    static List<Action> onOriginWarning(ExpressionResolver resolver, ModelNode model) throws OperationFailedException {
        return ON_ORIGIN_WARNING.unwrap(resolver, model).stream().map(Action::of).collect(Collectors.toList());
    }

    /** A written attribute applied to the running census at once; returns the settings it replaced. */
    private CensusSettings applyLive(OperationContext context, ModelNode model) throws OperationFailedException {
        CensusSettings settings = settings(context, model);
        List<Action> onWarning = onOriginWarning(context, model);
        return service.apply(context, census -> {
            CensusSettings previous = census.census().settings();
            census.reconfigure(settings);
            census.onOriginWarning(onWarning);
            return previous;
        });
    }

    private void restoreLive(OperationContext context, CensusSettings previous) throws OperationFailedException {
        service.apply(context, census -> {
            census.reconfigure(previous);
            return null;
        });
    }
}
