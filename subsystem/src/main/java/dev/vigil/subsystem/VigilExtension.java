package dev.vigil.subsystem;

import org.wildfly.subsystem.SubsystemConfiguration;
import org.wildfly.subsystem.SubsystemExtension;
import org.wildfly.subsystem.SubsystemPersistence;

/** The WildFly extension in JBoss module {@code dev.vigil}: adds the {@code vigil} subsystem. */
public final class VigilExtension extends SubsystemExtension<VigilSubsystemSchema> {

    public VigilExtension() {
        super(SubsystemConfiguration.of(VigilSubsystemRegistrar.REGISTRATION, VigilSubsystemModel.CURRENT, VigilSubsystemRegistrar::new),
                SubsystemPersistence.of(VigilSubsystemSchema.CURRENT));
    }
}
