package com.example.leaks;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * A URLClassLoader named {@code plugin} loads a class (compiled by the test, its directory the second argument) whose static field holds a byte[8 MiB]; the
 * app keeps an instance of it and the loader in its statics.
 */
public final class PluginScenario {

    public static final int DATA_BYTES = 8 << 20;

    static Object KEEP;
    static ClassLoader LOADER;

    /** The plugin's source. */
    public static String source() {
        return "package plugin; public class Plugin { static final byte[] DATA = new byte[" + DATA_BYTES + "]; }";
    }

    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        URLClassLoader loader = new URLClassLoader("plugin", new URL[] {classes.toUri().toURL()}, PluginScenario.class.getClassLoader());
        KEEP = loader.loadClass("plugin.Plugin").getDeclaredConstructor().newInstance();
        LOADER = loader;
        SelfDump.dump(dump);
    }
}
