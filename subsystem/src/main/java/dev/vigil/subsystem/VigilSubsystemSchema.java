package dev.vigil.subsystem;

import java.util.List;

import org.jboss.as.controller.persistence.xml.ResourceXMLParticleFactory;
import org.jboss.as.controller.persistence.xml.SubsystemResourceRegistrationXMLElement;
import org.jboss.as.controller.persistence.xml.SubsystemResourceXMLSchema;
import org.jboss.as.controller.xml.IntVersionSchema;
import org.jboss.as.controller.xml.VersionedNamespace;
import org.jboss.as.controller.xml.XMLCardinality;
import org.jboss.staxmapper.IntVersion;

import dev.vigil.census.ThreadCensusResourceRegistrar;
import dev.vigil.dump.HeapDumpsResourceRegistrar;
import dev.vigil.guard.InstanceGuardResourceRegistrar;
import dev.vigil.health.HealthResourceRegistrar;
import dev.vigil.watermark.WatermarkResourceRegistrar;

/** The vigil subsystem's XML schemas, one constant per namespace: {@code urn:vigil:1.0} is {@code schema/vigil_1_0.xsd}. */
public enum VigilSubsystemSchema implements SubsystemResourceXMLSchema<VigilSubsystemSchema> {
    VERSION_1_0(1, 0),
    ;
    public static final VigilSubsystemSchema CURRENT = VERSION_1_0;

    private final VersionedNamespace<IntVersion, VigilSubsystemSchema> namespace;
    private final ResourceXMLParticleFactory factory = ResourceXMLParticleFactory.newInstance(this);

    VigilSubsystemSchema(int major, int minor) {
        this.namespace = IntVersionSchema.createURN(List.of(VigilSubsystemRegistrar.REGISTRATION.getName()), new IntVersion(major, minor));
    }

    @Override
    public VersionedNamespace<IntVersion, VigilSubsystemSchema> getNamespace() {
        return namespace;
    }

    @Override
    public SubsystemResourceRegistrationXMLElement getSubsystemXMLElement() {
        return factory.subsystemElement(VigilSubsystemRegistrar.REGISTRATION)
                .withContent(factory.sequence()
                        .addElement(factory.namedElement(WatermarkResourceRegistrar.REGISTRATION)
                                .addAttributes(WatermarkResourceRegistrar.ATTRIBUTES)
                                .withCardinality(XMLCardinality.Unbounded.OPTIONAL)
                                .build())
                        .addElement(factory.singletonElement(HeapDumpsResourceRegistrar.REGISTRATION)
                                .addAttributes(HeapDumpsResourceRegistrar.ATTRIBUTES)
                                .withCardinality(XMLCardinality.Single.OPTIONAL)
                                .build())
                        .addElement(factory.singletonElement(ThreadCensusResourceRegistrar.REGISTRATION)
                                .addAttributes(ThreadCensusResourceRegistrar.ATTRIBUTES)
                                .withCardinality(XMLCardinality.Single.OPTIONAL)
                                .build())
                        .addElement(factory.singletonElement(InstanceGuardResourceRegistrar.REGISTRATION)
                                .addAttributes(InstanceGuardResourceRegistrar.ATTRIBUTES)
                                .withCardinality(XMLCardinality.Single.OPTIONAL)
                                .build())
                        .addElement(factory.singletonElement(HealthResourceRegistrar.REGISTRATION)
                                .addAttributes(HealthResourceRegistrar.ATTRIBUTES)
                                .withCardinality(XMLCardinality.Single.OPTIONAL)
                                .build())
                        .build())
                .build();
    }
}
