package dev.vigil.analyzer;

import java.util.HashMap;
import java.util.Map;

import dev.vigil.analyzer.hprof.HeapDetails;
import dev.vigil.analyzer.hprof.HeapGraph;

/**
 * Names the deployment a class loader stands for: {@code jdk} for the boot loader and the JDK's own, the
 * {@code deployment.*} name of a loader (its {@code ClassLoader.name}, or the name of the JBoss Modules module it
 * loads for), {@code server} for the server's other modules, else the loader's name or its class's simple name.
 */
final class LoaderLabels {

    static final String JDK = "jdk";
    static final String SERVER = "server";
    private static final String DEPLOYMENT = "deployment.";

    private final HeapGraph heap;
    private final HeapDetails details;
    private final Map<Integer, String> labels = new HashMap<>();

    LoaderLabels(HeapGraph heap, HeapDetails details) {
        this.heap = heap;
        this.details = details;
    }

    /** The label of the loader object {@code loader}; -1 (the boot loader) is {@code jdk}. */
    String label(int loader) {
        if (loader < 0) {
            return JDK;
        }
        return labels.computeIfAbsent(loader, this::resolve);
    }

    /** The label of the loader that defined class slot {@code slot}. */
    String ofClass(int slot) {
        return label(heap.loaderNode(slot));
    }

    private String resolve(int loader) {
        int slot = heap.classOf(loader);
        String className = slot < 0 ? "" : heap.classes().name(slot);
        String name = details.string(nodeOf(details.field(loader, "java.lang.ClassLoader", "name", 0)));
        if (name != null && name.startsWith(DEPLOYMENT)) {
            return name;
        }
        int module = details.reference(loader, "module");
        if (module >= 0) {
            String moduleName = details.stringField(module, "name");
            if (moduleName != null && moduleName.startsWith(DEPLOYMENT)) {
                return moduleName;
            }
        }
        if (slot >= 0 && heap.classes().isSubclassOf(slot, "org.jboss.modules.ModuleClassLoader")) {
            return SERVER;
        }
        if (className.equals("jdk.internal.loader.ClassLoaders$AppClassLoader")
                || className.equals("jdk.internal.loader.ClassLoaders$PlatformClassLoader")
                || className.equals("jdk.internal.loader.ClassLoaders$BootClassLoader")
                || className.equals("sun.misc.Launcher$AppClassLoader") || className.equals("sun.misc.Launcher$ExtClassLoader")
                // the loaders the JDK makes for its reflection accessors
                || className.equals("jdk.internal.reflect.DelegatingClassLoader") || className.equals("sun.reflect.DelegatingClassLoader")
                || className.equals("sun.reflect.misc.MethodUtil")) {
            return JDK;
        }
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return className.isEmpty() ? "loader@" + loader : Names.simple(className);
    }

    private int nodeOf(long id) {
        return id == 0 ? -1 : details.node(id);
    }
}
