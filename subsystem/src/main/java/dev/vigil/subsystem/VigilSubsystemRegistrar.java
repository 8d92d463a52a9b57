package dev.vigil.subsystem;

import java.util.function.Function;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.SubsystemRegistration;
import org.jboss.as.controller.SubsystemResourceRegistration;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.server.suspend.ServerSuspendController;
import org.jboss.dmr.ModelNode;
import org.wildfly.service.Installer.StartWhen;
import org.wildfly.subsystem.resource.ManagementResourceRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.resource.ResourceDescriptor;
import org.wildfly.subsystem.resource.SubsystemResourceDefinitionRegistrar;
import org.wildfly.subsystem.resource.operation.ResourceOperationRuntimeHandler;
import org.wildfly.subsystem.service.ResourceServiceConfigurator;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.ServiceDependency;
import org.wildfly.subsystem.service.ServiceInstaller;

import dev.vigil.census.ThreadCensusResourceRegistrar;
import dev.vigil.census.ThreadCensusService;
import dev.vigil.dump.HeapDumpService;
import dev.vigil.dump.HeapDumpsResourceRegistrar;
import dev.vigil.guard.InstanceGuardResourceRegistrar;
import dev.vigil.guard.InstanceGuardService;
import dev.vigil.health.HealthResourceRegistrar;
import dev.vigil.health.HealthSources;
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
        ServerSuspension suspension = new ServerSuspension();
        // the subsystem's own services: the suspects, and the server's suspend controller for the action suspend
        ResourceServiceConfigurator root = (operationContext, model) -> ResourceServiceInstaller.combine(suspects.configure(operationContext, model),
                suspendController(operationContext, suspension));
        ManagementResourceRegistrar.of(ResourceDescriptor.builder(Descriptions.SUBSYSTEM_RESOLVER)
                .addCapability(LeakSuspectsRegistrar.CAPABILITY)
                .withRuntimeHandler(ResourceOperationRuntimeHandler.configureService(root))
                .build()).register(registration);
        suspects.register(registration, context);
        Actions actions = new Actions(dumps::service, census::get, suspects::service, suspension);

        new WatermarkResourceRegistrar(watermarks, actions).register(registration, context);
        dumps.register(registration, context);
        new ThreadCensusResourceRegistrar(census, actions).register(registration, context);
        InstanceGuardResourceRegistrar guard = new InstanceGuardResourceRegistrar();
        guard.register(registration, context);
        // the health check reads every other capability's standing; none of them knows it
        new HealthResourceRegistrar(new HealthSources(watermarks::standing,
                () -> standing(dumps.service(), HeapDumpService::standing),
                () -> standing(guard.service(), InstanceGuardService::standing),
                () -> standing(census.get(), ThreadCensusService::standing),
                suspension::standing)).register(registration, context);
        return registration;
    }

    private static <S> ModelNode standing(S service, Function<S, ModelNode> standing) {
        return service != null ? standing.apply(service) : new ModelNode();
    }

    /**
     * The server's suspend controller, held by the action suspend while the subsystem runs. An optional requirement:
     * a process without one (a test's controller) runs the subsystem, and the action logs that it did nothing.
     */
    private static ResourceServiceInstaller suspendController(OperationContext context, ServerSuspension suspension) {
        if (!context.hasOptionalCapability(ServerSuspendController.SERVICE_DESCRIPTOR, LeakSuspectsRegistrar.CAPABILITY, null)) {
            return ResourceServiceInstaller.NONE;
        }
        ServiceDependency<ServerSuspendController> controller = ServiceDependency.on(ServerSuspendController.SERVICE_DESCRIPTOR);
        return ServiceInstaller.builder(() -> suspension.server(new ServerSuspension.Server() {
                    @Override
                    public String state() {
                        return controller.get().getState().name();
                    }

                    @Override
                    public void suspend() {
                        controller.get().suspend(ServerSuspendController.Context.RUNNING);
                    }

                    @Override
                    public void resume() {
                        controller.get().resume(ServerSuspendController.Context.RUNNING);
                    }
                }), () -> suspension.server(null))
                .requires(controller)
                .startWhen(StartWhen.INSTALLED)
                .build();
    }
}
