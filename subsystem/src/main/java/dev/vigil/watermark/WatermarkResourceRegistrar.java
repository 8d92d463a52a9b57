package dev.vigil.watermark;

import java.time.Duration;
import java.util.List;
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
import org.jboss.as.controller.descriptions.ModelDescriptionConstants;
import org.jboss.as.controller.descriptions.ResourceDescriptionResolver;
import org.jboss.as.controller.operations.validation.StringAllowedValuesValidator;
import org.jboss.as.controller.operations.validation.StringLengthValidator;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.controller.registry.Resource;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.service.Installer.StartWhen;
import org.wildfly.service.descriptor.UnaryServiceDescriptor;
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
import dev.vigil.management.SecondsValidator;

/**
 * {@code /subsystem=vigil/watermark=NAME}: one {@link WatermarkService} per resource. Configuration changes apply
 * to the running watermark at once (no reload); runtime values are read from it through its {@link CapturedService}, never from a
 * static.
 */
public final class WatermarkResourceRegistrar implements ChildResourceDefinitionRegistrar, ResourceServiceConfigurator {

    public static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PathElement.pathElement("watermark"));
    static final ResourceDescriptionResolver RESOLVER = Descriptions.child("watermark");

    static final UnaryServiceDescriptor<WatermarkService> SERVICE_DESCRIPTOR = UnaryServiceDescriptor.of("dev.vigil.watermark", WatermarkService.class);
    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of(SERVICE_DESCRIPTOR).build();

    public static final StringListAttributeDefinition POOLS = new StringListAttributeDefinition.Builder("pools")
            .setRequired(false)
            .setDefaultValue(new ModelNode().add(MemoryPoolSet.HEAP))
            .setAllowExpression(true)
            .setElementValidator(new StringLengthValidator(1))
            // Pool names contain spaces ("G1 Old Gen"), so XML separates them with commas.
            .setAttributeParser(AttributeParser.COMMA_DELIMITED_STRING_LIST)
            .setAttributeMarshaller(AttributeMarshaller.COMMA_STRING_LIST)
            .build();

    public static final SimpleAttributeDefinition WARNING = percent("warning", WatermarkSettings.DEFAULT_WARNING);
    public static final SimpleAttributeDefinition CRITICAL = percent("critical", WatermarkSettings.DEFAULT_CRITICAL);

    public static final SimpleAttributeDefinition MEASURE = new SimpleAttributeDefinitionBuilder("measure", ModelType.STRING)
            .setRequired(false)
            .setDefaultValue(new ModelNode(Measure.AFTER_GC.toString()))
            .setAllowExpression(true)
            .setValidator(new StringAllowedValuesValidator(Measure.names().toArray(String[]::new)))
            .build();

    public static final StringListAttributeDefinition ON_WARNING = ActionListAttribute.of("on-warning");
    public static final StringListAttributeDefinition ON_CRITICAL = ActionListAttribute.of("on-critical");

    public static final SimpleAttributeDefinition TREND_WINDOW = seconds("trend-window", WatermarkSettings.DEFAULT_TREND_WINDOW,
            WatermarkSettings.MIN_TREND_WINDOW, WatermarkSettings.MAX_TREND_WINDOW);
    public static final SimpleAttributeDefinition GC_WINDOW = seconds("gc-window", WatermarkSettings.DEFAULT_GC_WINDOW,
            WatermarkSettings.MIN_GC_WINDOW, WatermarkSettings.MAX_GC_WINDOW);
    public static final SimpleAttributeDefinition WARN_WITHIN = seconds("warn-within", null,
            WatermarkSettings.MIN_WARN_WITHIN, WatermarkSettings.MAX_WARN_WITHIN);

    public static final List<AttributeDefinition> ATTRIBUTES = List.of(POOLS, WARNING, CRITICAL, MEASURE, ON_WARNING, ON_CRITICAL,
            TREND_WINDOW, GC_WINDOW, WARN_WITHIN);

    private static SimpleAttributeDefinition seconds(String name, Long defaultValue, long min, long max) {
        SimpleAttributeDefinitionBuilder builder = new SimpleAttributeDefinitionBuilder(name, ModelType.LONG)
                .setRequired(false)
                .setAllowExpression(true)
                .setMeasurementUnit(MeasurementUnit.SECONDS)
                .setValidator(new SecondsValidator(min, max));
        if (defaultValue != null) {
            builder.setDefaultValue(new ModelNode(defaultValue));
        }
        return builder.build();
    }

    private static SimpleAttributeDefinition percent(String name, int defaultValue) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.INT)
                .setRequired(false)
                .setDefaultValue(new ModelNode(defaultValue))
                .setAllowExpression(true)
                .setMeasurementUnit(MeasurementUnit.PERCENTAGE)
                .setValidator(new PercentValidator())
                .build();
    }

    private final CapturedService<WatermarkService> service = CapturedService.of(SERVICE_DESCRIPTOR);
    private final Watermarks started;
    private final ActionRunner actions;

    /**
     * @param started where started watermarks are listed
     * @param actions runs the actions a move configures
     */
    public WatermarkResourceRegistrar(Watermarks started, ActionRunner actions) {
        this.started = started;
        this.actions = actions;
    }

    @Override
    public ManagementResourceRegistration register(ManagementResourceRegistration parent, ManagementResourceRegistrationContext context) {
        ManagementResourceRegistration registration = parent.registerSubModel(ResourceDefinition.builder(REGISTRATION, RESOLVER).build());
        LiveWriteHandler<WatermarkSettings> liveWrite = new LiveWriteHandler<>(this::applyLive, this::restoreLive) {
            @Override
            protected void validateUpdatedModel(OperationContext context, Resource model) throws OperationFailedException {
                if (!addedByThisOperation(context)) { // an add checks its whole model once all is written (below)
                    checkModel(context, model.getModel()); // warning below critical, whichever of the two was written
                }
            }
        };
        ResourceDescriptor descriptor = liveWrite.describe(RESOLVER, CAPABILITY, this, ATTRIBUTES)
                .withOperationTransformation(ModelDescriptionConstants.ADD, add -> (operationContext, operation) -> {
                    add.execute(operationContext, operation);
                    operationContext.addStep(operation, (stepContext, step) -> checkModel(stepContext, stepContext.readResource(PathAddress.EMPTY_ADDRESS).getModel()),
                            OperationContext.Stage.MODEL);
                })
                .build();
        ManagementResourceRegistrar.of(descriptor).register(registration);

        if (context.isRuntimeOnlyRegistrationValid()) {
            service.registerAttributes(registration, WatermarkMetric.class);
            service.registerAttributes(registration, WatermarkRuntimeAttribute.class);
            service.registerOperations(registration, WatermarkOperation.class);
        }
        return registration;
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        String name = context.getCurrentAddressValue();
        WatermarkSettings settings = settings(context, model);
        checkPools(settings.pools());
        return service.installer(context, captor -> CapabilityServiceInstaller.builder(CAPABILITY, () -> new WatermarkService(name, settings, actions))
                .withCaptor(captor)
                .startWhen(StartWhen.INSTALLED) // watch from the start, not only when something asks for the value
                .onStart(watermark -> {
                    watermark.start();
                    started.started(watermark);
                })
                .onStop(watermark -> {
                    started.stopped(watermark);
                    watermark.stop();
                })
                .build());
    }

    /** Reads a watermark's settings from its resource model, resolving expressions. */
    static WatermarkSettings settings(ExpressionResolver resolver, ModelNode model) throws OperationFailedException {
        List<String> pools = POOLS.unwrap(resolver, model);
        int warning = WARNING.resolveModelAttribute(resolver, model).asInt();
        int critical = CRITICAL.resolveModelAttribute(resolver, model).asInt();
        Measure measure = Measure.of(MEASURE.resolveModelAttribute(resolver, model).asString());
        List<Action> onWarning = ON_WARNING.unwrap(resolver, model).stream().map(Action::of).collect(Collectors.toList());
        List<Action> onCritical = ON_CRITICAL.unwrap(resolver, model).stream().map(Action::of).collect(Collectors.toList());
        Duration trendWindow = Duration.ofSeconds(TREND_WINDOW.resolveModelAttribute(resolver, model).asLong());
        Duration gcWindow = Duration.ofSeconds(GC_WINDOW.resolveModelAttribute(resolver, model).asLong());
        ModelNode warnWithin = WARN_WITHIN.resolveModelAttribute(resolver, model);
        try {
            return new WatermarkSettings(pools, warning, critical, measure, onWarning, onCritical, trendWindow, gcWindow,
                    warnWithin.isDefined() ? Duration.ofSeconds(warnWithin.asLong()) : null);
        } catch (IllegalArgumentException e) {
            throw new OperationFailedException(e.getMessage());
        }
    }

    /** Refuses pools this JVM lacks, naming the JVM's pools; only the server's own JVM can tell, so this runs at runtime. */
    static void checkPools(List<String> pools) throws OperationFailedException {
        try {
            MemoryPoolSet.resolve(pools);
        } catch (IllegalArgumentException e) {
            throw new OperationFailedException(e.getMessage());
        }
    }

    /**
     * Checks a watermark's model as it is added or written: levels always; pools too when this is the server's own
     * JVM, so an unknown pool in standalone.xml stops the boot instead of leaving a watermark that does not run.
     * A host controller cannot judge its servers' pools: they are checked when the server installs the watermark.
     */
    static void checkModel(OperationContext context, ModelNode model) throws OperationFailedException {
        checkLevels(context, model);
        if (context.getProcessType().isServer()) {
            List<String> pools;
            try {
                pools = POOLS.unwrap(context, model);
            } catch (ExpressionResolver.ExpressionResolutionServerException | ExpressionResolver.ExpressionResolutionUserException e) {
                return;
            }
            checkPools(pools);
        }
    }

    /**
     * Refuses warning &gt;= critical while the model is changed, so a bad pair never lands in standalone.xml. Levels
     * given as expressions that cannot be resolved yet (e.g. in a domain profile) are checked when the server starts them.
     */
    static void checkLevels(ExpressionResolver resolver, ModelNode model) throws OperationFailedException {
        int warning;
        int critical;
        try {
            warning = WARNING.resolveModelAttribute(resolver, model).asInt();
            critical = CRITICAL.resolveModelAttribute(resolver, model).asInt();
        } catch (ExpressionResolver.ExpressionResolutionServerException | ExpressionResolver.ExpressionResolutionUserException e) {
            return;
        }
        try {
            WatermarkSettings.checkLevels(warning, critical);
        } catch (IllegalArgumentException e) {
            throw new OperationFailedException(e.getMessage());
        }
    }

    /** A written attribute applied to the running watermark: levels, pools, measure and actions all change live. */
    private WatermarkSettings applyLive(OperationContext context, ModelNode model) throws OperationFailedException {
        WatermarkSettings settings = settings(context, model);
        checkPools(settings.pools());
        return service.apply(context, watermark -> {
            WatermarkSettings previous = watermark.watermark().settings();
            watermark.watermark().reconfigure(settings);
            return previous;
        });
    }

    private void restoreLive(OperationContext context, WatermarkSettings previous) throws OperationFailedException {
        service.apply(context, watermark -> {
            watermark.watermark().reconfigure(previous);
            return null;
        });
    }
}
