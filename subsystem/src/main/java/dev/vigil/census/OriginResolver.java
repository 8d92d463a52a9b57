package dev.vigil.census;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Names a thread's origins from what the JVM tells about it: stack frames, its class, its context class loader.
 * A frame in an ignored package (the JDK's and the server's machinery) is never an origin.
 */
final class OriginResolver {

    static final String UNKNOWN = "unknown";
    static final String SERVER = "server";

    /** JBoss Modules names a deployment's class loader "ModuleClassLoader for Module "deployment.shop.war" from ...". */
    private static final Pattern MODULE = Pattern.compile("Module \"([^\"]+)\"");

    private final List<String> ignored;

    OriginResolver(List<String> ignoredPackages) {
        this.ignored = ignoredPackages.stream().map(p -> p.endsWith(".") ? p : p + ".").collect(Collectors.toUnmodifiableList());
    }

    boolean ignored(String className) {
        for (String prefix : ignored) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The class whose code the thread runs: the first frame outside the ignored packages from the bottom of its stack
     * (a pool's thread shows the task it runs), else its Thread subclass, else {@code unknown}.
     */
    String entry(Class<?> threadClass, StackTraceElement[] stack) {
        for (int i = stack.length - 1; i >= 0; i--) {
            if (!ignored(stack[i].getClassName())) {
                return named(stack[i].getClassName());
            }
        }
        return threadClass != Thread.class && !ignored(threadClass.getName()) ? named(threadClass.getName()) : UNKNOWN;
    }

    /** A lambda's hidden class ({@code a.B$$Lambda$763/0x...}) counts as the class that wrote it: {@code a.B}. */
    static String named(String className) {
        int lambda = className.indexOf("$$Lambda");
        return lambda > 0 ? className.substring(0, lambda) : className;
    }

    /** The first frame outside the ignored packages from the top of the stack that called {@code Thread.start()}. */
    String creator(List<String> frameClasses) {
        for (String frame : frameClasses) {
            if (!ignored(frame)) {
                return named(frame);
            }
        }
        return UNKNOWN;
    }

    /** The deployment whose class loader the thread has as context class loader ({@code deployment.shop.war}), else {@code server}. */
    static String deployment(ClassLoader loader) {
        if (loader == null) {
            return SERVER;
        }
        String name = loader.getName();
        if (name == null || !name.startsWith("deployment.")) {
            Matcher module = MODULE.matcher(String.valueOf(loader));
            name = module.find() ? module.group(1) : null;
        }
        return name != null && name.startsWith("deployment.") ? name : SERVER;
    }
}
