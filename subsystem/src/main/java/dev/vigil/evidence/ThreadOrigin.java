package dev.vigil.evidence;

/**
 * The three origins the thread census gives a live thread: the class whose code it runs, the application frame that
 * started it ({@code unknown} when not tracked) and its deployment ({@code deployment.shop.war}, else {@code server}).
 */
public record ThreadOrigin(String entry, String creator, String deployment) {

    public static final String SERVER = "server";
    public static final String UNKNOWN = "unknown";

    /** Whether the thread belongs to a deployment (its context class loader is a deployment's). */
    public boolean fromDeployment() {
        return deployment.startsWith("deployment.");
    }
}
