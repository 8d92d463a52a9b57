package dev.vigil.suspect;

/**
 * Whose a class is, as far as Vigil can tell live: a deployment's (loaded by its module), the application's of an
 * unknown deployment, or the JDK's and the server's (containers and machinery, named only as what grew alongside).
 *
 * @param deployment the deployment module ({@code deployment.shop.war}) for {@link Kind#DEPLOYMENT}, else null
 */
public record ClassOwner(Kind kind, String deployment) {

    public enum Kind {
        /** Loaded by a deployment's module. */
        DEPLOYMENT,
        /** Not the JDK's or the server's by its package, but found in no deployment (undeployed, or a library module). */
        APPLICATION,
        /** The JDK's: {@code byte[]}, {@code Object[]}, {@code HashMap$Node}: containers, named alongside a suspect. */
        JDK,
        /** The server's ({@code io.undertow...}, {@code org.apache.jasper...}): machinery, neither suspect nor alongside. */
        SERVER;

        boolean platform() {
            return this == JDK || this == SERVER;
        }
    }

    public static final ClassOwner APPLICATION = new ClassOwner(Kind.APPLICATION, null);
    public static final ClassOwner JDK = new ClassOwner(Kind.JDK, null);
    public static final ClassOwner SERVER = new ClassOwner(Kind.SERVER, null);

    public static ClassOwner deployment(String deployment) {
        return new ClassOwner(Kind.DEPLOYMENT, deployment);
    }
}
