package dev.vigil.subsystem;

import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.SubsystemRegistration;
import org.jboss.as.controller.SubsystemResourceRegistration;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.wildfly.subsystem.resource.ManagementResourceRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.resource.ResourceDescriptor;
import org.wildfly.subsystem.resource.SubsystemResourceDefinitionRegistrar;
import org.wildfly.subsystem.resource.operation.ResourceOperationRuntimeHandler;

import dev.vigil.census.ThreadCensusResourceRegistrar;
import dev.vigil.census.ThreadCensusService;
import dev.vigil.dump.HeapDumpsResourceRegistrar;
import dev.vigil.guard.InstanceGuardResourceRegistrar;
import dev.vigil.management.CapturedService;
import dev.vigil.management.Descriptions;
import dev.vigil.suspect.LeakSuspectsRegistrar;
import dev.vigil.watermark.WatermarkResourceRegistrar;
import dev.vigil.watermark.Watermarks;

/**
 * {@code /subsystem=vigil}: holds one child resource per capability, and wires them together. Each registrar is given
 * what it needs from the others in its constructor; the capabilities meet only here and in the shared leaves.
 */
public final class VigilSubsystemRegistrar implements SubsystemResourceDefinitionRegistrar {

    public static final SubsystemResourceRegistration REGISTRATION = SubsystemResourceRegistration.of(Descriptions.SUBSYSTEM);

    @Override
    public ManagementResourceRegistration register(SubsystemRegistration parent, ManagementResourceRegistrationContext context) {
        parent.setHostCapable();
        ManagementResourceRegistration registration = parent.registerSubsystemModel(ResourceDefinition.builder(REGISTRATION, Descriptions.SUBSYSTEM_RESOLVER).build());

        Watermarks watermarks = new Watermarks();
        HeapDumpsResourceRegistrar dumps = new HeapDumpsResourceRegistrar(watermarks::describe);
        CapturedService<ThreadCensusService> census = CapturedService.of(ThreadCensusResourceRegistrar.SERVICE_DESCRIPTOR);
        // the suspects read histograms and the dump's notes from heap-dumps and censuses from the thread census
        LeakSuspectsRegistrar suspects = new LeakSuspectsRegistrar(dumps::service, census::get, dumps::service);
        ManagementResourceRegistrar.of(ResourceDescriptor.builder(Descriptions.SUBSYSTEM_RESOLVER)
                .addCapability(LeakSuspectsRegistrar.CAPABILITY)
                .withRuntimeHandler(ResourceOperationRuntimeHandler.configureService(suspects))
                .build()).register(registration);
        suspects.register(registration, context);
        Actions actions = new Actions(dumps::service, census::get, suspects::service);

        new WatermarkResourceRegistrar(watermarks, actions).register(registration, context);
        dumps.register(registration, context);
        new ThreadCensusResourceRegistrar(census, actions).register(registration, context);
        new InstanceGuardResourceRegistrar().register(registration, context);
        return registration;
    }
}
