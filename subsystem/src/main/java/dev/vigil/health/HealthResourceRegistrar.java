package dev.vigil.health;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.ExpressionResolver;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.ResourceRegistration;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.as.controller.descriptions.ResourceDescriptionResolver;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.server.mgmt.domain.ExtensibleHttpManagement;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.service.Installer.StartWhen;
import org.wildfly.service.descriptor.NullaryServiceDescriptor;
import org.wildfly.subsystem.resource.ChildResourceDefinitionRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.service.ResourceServiceConfigurator;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.ServiceDependency;
import org.wildfly.subsystem.service.capability.CapabilityServiceInstaller;

import dev.vigil.management.CapturedService;
import dev.vigil.management.Descriptions;
import dev.vigil.management.LiveWriteHandler;
import dev.vigil.management.SecondsValidator;

/**
 * {@code /subsystem=vigil/service=health}: the management HTTP context {@code /vigil/health}. The management
 * interface is an optional requirement, as for WildFly's health and metrics subsystems: a process without one (an
 * admin-only test controller) has the resource but serves nothing. Both attributes apply at once.
 */
public final class HealthResourceRegistrar implements ChildResourceDefinitionRegistrar, ResourceServiceConfigurator {

    public static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PathElement.pathElement("service", "health"));
    static final ResourceDescriptionResolver RESOLVER = Descriptions.child("health");

    static final NullaryServiceDescriptor<HealthService> SERVICE_DESCRIPTOR = NullaryServiceDescriptor.of("dev.vigil.health", HealthService.class);
    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of(SERVICE_DESCRIPTOR).build();
    /** WildFly's management HTTP interface that subsystems add contexts to (health, metrics). */
    static final String HTTP_EXTENSIBILITY = "org.wildfly.management.http.extensible";

    public static final SimpleAttributeDefinition SECURITY_ENABLED = new SimpleAttributeDefinitionBuilder("security-enabled", ModelType.BOOLEAN)
            .setRequired(false)
            .setDefaultValue(ModelNode.TRUE)
            .setAllowExpression(true)
            .build();
    public static final SimpleAttributeDefinition UNHEALTHY_AFTER = new SimpleAttributeDefinitionBuilder("unhealthy-after", ModelType.LONG)
            .setRequired(false)
            .setDefaultValue(new ModelNode(HealthSettings.DEFAULT_UNHEALTHY_AFTER))
            .setAllowExpression(true)
            .setMeasurementUnit(MeasurementUnit.SECONDS)
            .setValidator(new SecondsValidator(HealthSettings.MIN_UNHEALTHY_AFTER, HealthSettings.MAX_UNHEALTHY_AFTER))
            .build();

    public static final List<AttributeDefinition> ATTRIBUTES = List.of(SECURITY_ENABLED, UNHEALTHY_AFTER);

    private final CapturedService<HealthService> service = CapturedService.of(SERVICE_DESCRIPTOR);
    private final HealthSources sources;

    /** @param sources where the other capabilities' standing is read */
    public HealthResourceRegistrar(HealthSources sources) {
        this.sources = sources;
    }

    @Override
    public ManagementResourceRegistration register(ManagementResourceRegistration parent, ManagementResourceRegistrationContext context) {
        ManagementResourceRegistration registration = parent.registerSubModel(ResourceDefinition.builder(REGISTRATION, RESOLVER).build());
        ManagementResourceRegistrar.of(new LiveWriteHandler<>(this::applyLive, this::restoreLive).describe(RESOLVER, CAPABILITY, this, ATTRIBUTES).build())
                .register(registration);
        return registration;
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        HealthSettings settings = settings(context, model);
        // Optional, as WildFly's health subsystem has it: registered as a requirement when the interface exists.
        ServiceDependency<ExtensibleHttpManagement> http = context.hasOptionalCapability(HTTP_EXTENSIBILITY, CAPABILITY.getName(), null)
                ? ServiceDependency.on(HTTP_EXTENSIBILITY, ExtensibleHttpManagement.class)
                : ServiceDependency.of(null);
        Supplier<ExtensibleHttpManagement> management = http;
        return service.installer(context, captor -> CapabilityServiceInstaller.builder(CAPABILITY,
                        () -> new HealthService(settings, sources, management, Clock.systemUTC()))
                .requires(http)
                .withCaptor(captor)
                .startWhen(StartWhen.INSTALLED)
                .onStart(HealthService::start)
                .onStop(HealthService::stop)
                .build());
    }

    static HealthSettings settings(ExpressionResolver resolver, ModelNode model) throws OperationFailedException {
        return new HealthSettings(SECURITY_ENABLED.resolveModelAttribute(resolver, model).asBoolean(),
                Duration.ofSeconds(UNHEALTHY_AFTER.resolveModelAttribute(resolver, model).asLong()));
    }

    private HealthSettings applyLive(OperationContext context, ModelNode model) throws OperationFailedException {
        HealthSettings settings = settings(context, model);
        return service.apply(context, health -> {
            HealthSettings previous = health.settings();
            health.reconfigure(settings);
            return previous;
        });
    }

    private void restoreLive(OperationContext context, HealthSettings previous) throws OperationFailedException {
        service.apply(context, health -> {
            health.reconfigure(previous);
            return null;
        });
    }
}
