package dev.vigil.management;

import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.descriptions.ParentResourceDescriptionResolver;
import org.jboss.as.controller.descriptions.ResourceDescriptionResolver;
import org.jboss.as.controller.descriptions.SubsystemResourceDescriptionResolver;

/**
 * The subsystem's name and where its management descriptions are read from ({@code LocalDescriptions.properties}
 * beside this class): shared by the root registrar and every capability's registrar.
 */
public final class Descriptions {

    /** The subsystem's name: {@code /subsystem=vigil}, {@code urn:vigil:1.0}, the RBAC classifications' type. */
    public static final String SUBSYSTEM = "vigil";

    /** Descriptions of {@code /subsystem=vigil}, the parent of every capability's. */
    public static final ParentResourceDescriptionResolver SUBSYSTEM_RESOLVER = new SubsystemResourceDescriptionResolver(SUBSYSTEM, Descriptions.class);

    /** Descriptions of a child resource, keyed {@code vigil.<key>.*}. */
    public static ResourceDescriptionResolver child(String key) {
        return SUBSYSTEM_RESOLVER.createChildResolver(PathElement.pathElement(key));
    }

    private Descriptions() {
    }
}
