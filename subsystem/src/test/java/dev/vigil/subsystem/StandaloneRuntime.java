package dev.vigil.subsystem;

import org.jboss.as.controller.ProcessType;
import org.jboss.as.controller.RunningMode;
import org.jboss.as.subsystem.test.AdditionalInitialization;

/** The subsystem tests' server: a standalone server in normal mode, so that the runtime steps run and services start. */
public class StandaloneRuntime extends AdditionalInitialization {

    @Override
    protected ProcessType getProcessType() {
        return ProcessType.STANDALONE_SERVER;
    }

    @Override
    protected RunningMode getRunningMode() {
        return RunningMode.NORMAL;
    }

    @Override
    protected RunningMode getExtensionRegistryRunningMode() {
        return RunningMode.NORMAL;
    }
}
