package dev.vigil.subsystem;

import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.SubsystemRegistration;
import org.jboss.as.controller.SubsystemResourceRegistration;
import org.jboss.as.controller.descriptions.ParentResourceDescriptionResolver;
import org.jboss.as.controller.descriptions.SubsystemResourceDescriptionResolver;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.wildfly.subsystem.resource.ManagementResourceRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.resource.ResourceDescriptor;
import org.wildfly.subsystem.resource.SubsystemResourceDefinitionRegistrar;

import java.util.Locale;
import java.util.Map;

import dev.vigil.VigilLogger;
import dev.vigil.dump.DumpRequest;
import dev.vigil.dump.HeapDumpService;
import dev.vigil.dump.HeapDumpsResourceRegistrar;
import dev.vigil.watermark.RunningWatermarks;
import dev.vigil.watermark.Transition;
import dev.vigil.watermark.TransitionAction;
import dev.vigil.watermark.WatermarkAction;
import dev.vigil.watermark.WatermarkResourceRegistrar;

/** {@code /subsystem=vigil}: holds one child resource per capability. */
public final class VigilSubsystemRegistrar implements SubsystemResourceDefinitionRegistrar {

    public static final SubsystemResourceRegistration REGISTRATION = SubsystemResourceRegistration.of("vigil");
    public static final ParentResourceDescriptionResolver RESOLVER = new SubsystemResourceDescriptionResolver(REGISTRATION.getName(), VigilSubsystemRegistrar.class);

    @Override
    public ManagementResourceRegistration register(SubsystemRegistration parent, ManagementResourceRegistrationContext context) {
        parent.setHostCapable();
        ManagementResourceRegistration registration = parent.registerSubsystemModel(ResourceDefinition.builder(REGISTRATION, RESOLVER).build());
        ManagementResourceRegistrar.of(ResourceDescriptor.builder(RESOLVER).build()).register(registration);

        RunningWatermarks watermarks = new RunningWatermarks();
        HeapDumpsResourceRegistrar dumps = new HeapDumpsResourceRegistrar(watermarks::describe);
        Map<WatermarkAction, TransitionAction> actions = Map.of(
                WatermarkAction.HISTOGRAM, t -> withDumps(dumps, t, WatermarkAction.HISTOGRAM, service -> {
                    try {
                        service.histogramAction(t, request(t));
                    } catch (javax.management.JMException e) {
                        throw new IllegalStateException("the JVM's DiagnosticCommand MBean gave no class histogram: " + e, e);
                    }
                }),
                WatermarkAction.DUMP_HEAP, t -> withDumps(dumps, t, WatermarkAction.DUMP_HEAP, service -> service.dumpAction(t, request(t))));
        new WatermarkResourceRegistrar(watermarks, actions).register(registration, context);
        dumps.register(registration, context);
        return registration;
    }

    private static void withDumps(HeapDumpsResourceRegistrar dumps, Transition t, WatermarkAction action, java.util.function.Consumer<HeapDumpService> task) {
        dumps.ifRunning(task, () -> VigilLogger.ROOT_LOGGER.dumpsNotConfigured(t.watermark(), action.toString()));
    }

    /** A watermark move as the cause of a dump: named e.g. heap-critical; the files take the move's time. */
    private static DumpRequest request(Transition t) {
        String state = t.to().name().toLowerCase(Locale.ROOT);
        return new DumpRequest(t.watermark() + "-" + state, "watermark '" + t.watermark() + "' entering " + t.to().name(), true, t.time(),
                RunningWatermarks.describe(t));
    }
}
