package dev.vigil.suspect;

import java.util.function.Supplier;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.server.Services;
import org.jboss.dmr.ModelNode;
import org.jboss.modules.ModuleLoader;
import org.jboss.msc.service.ServiceController;
import org.jboss.msc.service.ServiceName;
import org.jboss.msc.service.ServiceRegistry;
import org.wildfly.service.Installer.StartWhen;
import org.wildfly.service.descriptor.NullaryServiceDescriptor;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.service.ResourceServiceConfigurator;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.capability.CapabilityServiceInstaller;

import dev.vigil.evidence.CensusSource;
import dev.vigil.evidence.EvidenceNotes;
import dev.vigil.evidence.HistogramSource;
import dev.vigil.management.CapturedService;

/**
 * The leak suspects on {@code /subsystem=vigil}: the operation {@code leak-suspects(top)} and the service that runs
 * while the subsystem does. Given by the subsystem where histograms, censuses and the dump's notes come from.
 */
public final class LeakSuspectsRegistrar implements ResourceServiceConfigurator {

    public static final NullaryServiceDescriptor<LeakSuspectsService> SERVICE_DESCRIPTOR = NullaryServiceDescriptor.of("dev.vigil.leak-suspects",
            LeakSuspectsService.class);
    public static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of(SERVICE_DESCRIPTOR).build();

    private final CapturedService<LeakSuspectsService> service = CapturedService.of(SERVICE_DESCRIPTOR);
    private final Supplier<HistogramSource> histograms;
    private final Supplier<CensusSource> censuses;
    private final Supplier<EvidenceNotes> notes;

    public LeakSuspectsRegistrar(Supplier<HistogramSource> histograms, Supplier<CensusSource> censuses, Supplier<EvidenceNotes> notes) {
        this.histograms = histograms;
        this.censuses = censuses;
        this.notes = notes;
    }

    /** The running service, or null: for the actions. */
    public LeakSuspectsService service() {
        return service.get();
    }

    /** Registers {@code leak-suspects} on the subsystem's resource, where the process has a runtime. */
    public void register(ManagementResourceRegistration subsystem, ManagementResourceRegistrationContext context) {
        if (context.isRuntimeOnlyRegistrationValid()) {
            service.registerOperations(subsystem, LeakSuspectsOperation.class);
        }
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        // The deployments' module loader is looked up when suspects are ranked, not required: a test's controller has none.
        ServiceRegistry registry = context.getServiceRegistry(false);
        Supplier<ModuleLoader> modules = () -> (ModuleLoader) value(registry, Services.JBOSS_SERVICE_MODULE_LOADER);
        return service.installer(context, captor -> CapabilityServiceInstaller.builder(CAPABILITY,
                        () -> new LeakSuspectsService(histograms, censuses, notes, modules, Thresholds.DEFAULT))
                .withCaptor(captor)
                .startWhen(StartWhen.INSTALLED)
                .onStart(LeakSuspectsService::start)
                .onStop(LeakSuspectsService::stop)
                .build());
    }

    private static Object value(ServiceRegistry registry, ServiceName name) {
        ServiceController<?> controller = registry.getService(name);
        try {
            return controller != null ? controller.getValue() : null;
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return null; // not up
        }
    }
}
