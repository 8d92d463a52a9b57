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

import dev.vigil.dump.DumpRequest;
import dev.vigil.dump.HeapDumpsResourceRegistrar;
import dev.vigil.census.ThreadCensusResourceRegistrar;
import dev.vigil.guard.InstanceGuardResourceRegistrar;
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
        ThreadCensusResourceRegistrar[] census = new ThreadCensusResourceRegistrar[1];
        Actions actions = new Actions(dumps, () -> census[0]);
        census[0] = new ThreadCensusResourceRegistrar(actions::onOriginWarning);
        Map<WatermarkAction, TransitionAction> onTransition = Map.of(
                WatermarkAction.HISTOGRAM, t -> actions.run(WatermarkAction.HISTOGRAM, t, request(t), t.watermark()),
                WatermarkAction.DUMP_HEAP, t -> actions.run(WatermarkAction.DUMP_HEAP, t, request(t), t.watermark()),
                WatermarkAction.THREAD_CENSUS, t -> actions.run(WatermarkAction.THREAD_CENSUS, t, request(t), t.watermark()));
        new WatermarkResourceRegistrar(watermarks, onTransition).register(registration, context);
        dumps.register(registration, context);
        census[0].register(registration, context);
        new InstanceGuardResourceRegistrar().register(registration, context);
        return registration;
    }

    /** A watermark move as the cause of a dump: named e.g. heap-critical; the files take the move's time. */
    private static DumpRequest request(Transition t) {
        String state = t.to().name().toLowerCase(Locale.ROOT);
        return new DumpRequest(t.watermark() + "-" + state, "watermark '" + t.watermark() + "' entering " + t.to().name(), true, t.time(),
                RunningWatermarks.describe(t));
    }
}
