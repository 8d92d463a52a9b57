package dev.vigil.subsystem;

import org.jboss.as.controller.ProcessType;
import org.jboss.as.controller.RunningMode;
import org.jboss.as.subsystem.test.AdditionalInitialization;

/** The subsystem test harness as a standalone server in normal mode: services start, as on a real server. */
class ServerRuntime extends AdditionalInitialization {

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
