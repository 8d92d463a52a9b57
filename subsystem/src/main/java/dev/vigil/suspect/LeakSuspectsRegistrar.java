package dev.vigil.suspect;

import java.util.function.Supplier;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.ProcessStateNotifier;
import org.jboss.as.controller.ControlledProcessState;
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
        // Looked up, not required: a server always has both, and a test's controller without them still boots.
        ServiceRegistry registry = context.getServiceRegistry(false);
        Supplier<ModuleLoader> modules = () -> (ModuleLoader) value(registry, Services.JBOSS_SERVICE_MODULE_LOADER);
        Supplier<ProcessStateNotifier> process = () -> (ProcessStateNotifier) value(registry, ServiceName.parse(ProcessStateNotifier.SERVICE_DESCRIPTOR.getName()));
        return service.installer(context, captor -> CapabilityServiceInstaller.builder(CAPABILITY,
                        () -> new LeakSuspectsService(histograms, censuses, notes, modules, Thresholds.DEFAULT))
                .withCaptor(captor)
                .startWhen(StartWhen.INSTALLED)
                .onStart(suspects -> {
                    suspects.start();
                    baselineWhenRunning(suspects, process.get());
                })
                .onStop(LeakSuspectsService::stop)
                .build());
    }

    /**
     * The first baseline once the server runs with its deployments (ControlledProcessState RUNNING), on a thread of its
     * own: the boot is not held up by a heap walk. Added to a running server, the subsystem takes it at once.
     */
    private static void baselineWhenRunning(LeakSuspectsService suspects, ProcessStateNotifier process) {
        Runnable baseline = () -> {
            Thread thread = new Thread(() -> suspects.takeBaseline("boot"), "vigil-suspects-baseline");
            thread.setDaemon(true);
            thread.start();
        };
        if (process == null || process.getCurrentState() == ControlledProcessState.State.RUNNING) {
            baseline.run();
            return;
        }
        process.addPropertyChangeListener(new java.beans.PropertyChangeListener() {
            @Override
            public void propertyChange(java.beans.PropertyChangeEvent event) {
                if (event.getNewValue() == ControlledProcessState.State.RUNNING) {
                    process.removePropertyChangeListener(this);
                    baseline.run();
                }
            }
        });
    }

    private static Object value(ServiceRegistry registry, ServiceName name) {
        ServiceController<?> controller = registry.getService(name);
        try {
            return controller != null ? controller.getValue() : null;
        } catch (IllegalStateException e) {
            return null; // not up
        }
    }
}
