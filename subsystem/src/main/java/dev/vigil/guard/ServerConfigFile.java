package dev.vigil.guard;

import java.nio.file.Path;

/**
 * The configuration file a server was started with, as it names itself in its lock files: from its command line
 * ({@code -c}, {@code --server-config}), else {@code standalone.xml}, in its configuration directory; for a managed
 * domain's server, its name (its configuration is the domain's).
 */
public final class ServerConfigFile {

    private static final String DOMAIN_SERVER = "-D[Server:";

    private ServerConfigFile() {
    }

    /** This JVM's. */
    public static String current() {
        return of(ProcessHandle.current().info().arguments().orElse(new String[0]), System.getProperty("jboss.server.config.dir", ""));
    }

    /**
     * @param arguments the JVM's arguments
     * @param configDir jboss.server.config.dir, empty if not set (the file name alone then)
     */
    public static String of(String[] arguments, String configDir) {
        String file = "standalone.xml";
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if (argument.startsWith(DOMAIN_SERVER)) { // the process controller names each server it starts: -D[Server:name]
                return "domain server " + argument.substring(DOMAIN_SERVER.length(), argument.length() - 1);
            }
            if ((argument.equals("-c") || argument.equals("--server-config")) && i + 1 < arguments.length) {
                file = arguments[i + 1];
            } else if (argument.startsWith("--server-config=") || argument.startsWith("-c=")) {
                file = argument.substring(argument.indexOf('=') + 1);
            }
        }
        return configDir.isEmpty() ? file : Path.of(configDir).resolve(file).toString();
    }
}
