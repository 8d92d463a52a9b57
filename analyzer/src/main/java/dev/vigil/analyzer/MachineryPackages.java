package dev.vigil.analyzer;

import java.util.List;

/**
 * The JDK's and the server's own thread machinery: a thread's origin is the first frame outside these packages. The
 * thread census starts from this list (and adds those an administrator configures), so a
 * dump read without the census companion names origins as the census does.
 */
public final class MachineryPackages {

    public static final List<String> DEFAULT = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.",
            "org.jboss.", "org.wildfly.", "io.undertow.", "org.xnio.", "org.apache.jasper.", "io.smallrye.", "org.eclipse.microprofile.",
            "io.netty.", "org.hibernate.", "org.apache.activemq.", "org.infinispan.", "org.jgroups.", "org.apache.cxf.", "com.arjuna.",
            "io.agroal.", "org.apache.artemis.", "org.h2.",
            // Vigil's own packages (its watchers' threads are machinery too); the subsystem's PackageGraphTest keeps this whole
            "dev.vigil.census.", "dev.vigil.dump.", "dev.vigil.watermark.", "dev.vigil.subsystem.", "dev.vigil.guard.", "dev.vigil.periodic.",
            "dev.vigil.action.", "dev.vigil.management.", "dev.vigil.format.", "dev.vigil.evidence.", "dev.vigil.suspect.", "dev.vigil.health.", "dev.vigil.analyzer.");

    private MachineryPackages() {
    }
}
