package dev.vigil.suspect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.vigil.evidence.CensusSnapshot;
import dev.vigil.evidence.ThreadOrigin;

/**
 * Tells whose a class is from its name, as the histogram gives names only:
 * <ol>
 * <li>the JDK's and the server's by package ({@code java.}, {@code org.jboss.}, ...; primitive arrays);</li>
 * <li>a deployment's when one of the deployments' module class loaders loads it itself ({@code loadedBy});</li>
 * <li>else a deployment's when its top-level class is the top-level class of a thread origin (entry or creator) the
 * census saw in that deployment: how a JSP's classes ({@code org.apache.jsp.bot_005fapi_jsp$Context}) are found,
 * since Jasper loads them with a class loader of its own beneath the deployment's;</li>
 * <li>else the application's, of no known deployment.</li>
 * </ol>
 */
final class ClassOwners implements Function<String, ClassOwner> {

    /** The JDK's and the server's packages: what grows there is a container or machinery, not the leak's owner. */
    static final List<String> PLATFORM = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.", "org.jboss.", "org.wildfly.",
            "io.undertow.", "org.xnio.", "org.apache.jasper.", "io.smallrye.", "org.eclipse.microprofile.", "io.netty.", "org.hibernate.",
            "org.apache.activemq.", "org.infinispan.", "org.jgroups.", "org.apache.cxf.", "com.arjuna.", "io.agroal.", "org.apache.artemis.",
            "org.h2.", "org.glassfish.", "org.apache.tomcat.", "com.fasterxml.", "org.eclipse.yasson.", "org.jberet.", "org.objectweb.",
            "net.bytebuddy.", "dev.vigil.");
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

    private final Function<String, String> loadedBy;
    private final Map<String, String> topLevels = new HashMap<>();

    /**
     * @param loadedBy the deployment whose module class loader loads the class itself, or null
     * @param census   the census now, whose origins name classes of known deployments; null if none
     */
    ClassOwners(Function<String, String> loadedBy, CensusSnapshot census) {
        this.loadedBy = loadedBy;
        if (census != null) {
            for (ThreadOrigin origin : census.threads().keySet()) {
                if (origin.fromDeployment()) {
                    topLevels.putIfAbsent(topLevel(origin.entry()), origin.deployment());
                    topLevels.putIfAbsent(topLevel(origin.creator()), origin.deployment());
                }
            }
        }
    }

    @Override
    public ClassOwner apply(String className) {
        String element = className;
        while (element.endsWith("[]")) {
            element = element.substring(0, element.length() - 2);
        }
        if (PRIMITIVES.contains(element) || jdk(element)) {
            return ClassOwner.JDK;
        }
        if (platform(element)) {
            return ClassOwner.SERVER;
        }
        String deployment = loadedBy.apply(element);
        if (deployment == null) {
            deployment = topLevels.get(topLevel(element));
        }
        return deployment != null ? ClassOwner.deployment(deployment) : ClassOwner.APPLICATION;
    }

    static boolean jdk(String className) {
        return JDK.stream().anyMatch(className::startsWith);
    }

    static boolean platform(String className) {
        for (String prefix : PLATFORM) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** {@code a.B$1$C} as {@code a.B}; a frame's {@code a.B.run} as {@code a.B} too would need the frame: origins are classes. */
    static String topLevel(String className) {
        int dollar = className.indexOf('$');
        return dollar > 0 ? className.substring(0, dollar) : className;
    }
}
