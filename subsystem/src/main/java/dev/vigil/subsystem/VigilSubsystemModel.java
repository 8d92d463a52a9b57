package dev.vigil.subsystem;

import org.jboss.as.controller.ModelVersion;
import org.jboss.as.controller.SubsystemModel;

/** Versions of the vigil management model. */
public enum VigilSubsystemModel implements SubsystemModel {
    VERSION_1_0_0(1, 0, 0),
    ;
    public static final VigilSubsystemModel CURRENT = VERSION_1_0_0;

    private final ModelVersion version;

    VigilSubsystemModel(int major, int minor, int micro) {
        this.version = ModelVersion.create(major, minor, micro);
    }

    @Override
    public ModelVersion getVersion() {
        return version;
    }
}
