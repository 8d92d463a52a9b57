package dev.vigil.suspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.jboss.modules.Module;
import org.jboss.modules.ModuleLoadException;
import org.jboss.modules.ModuleLoader;

import dev.vigil.evidence.DeployedModules;

/**
 * Which deployment's module class loader loads a class itself (not through a dependency): the one reliable owner of a
 * class the histogram names. Made for one ranking, with the deployments loaded then; a class no deployment's module
 * loads itself (a JSP's, loaded by Jasper beneath it; a library module's) is answered null.
 */
final class DeploymentClasses implements Function<String, String> {

    private record Deployment(String name, ClassLoader loader) {
    }

    private final List<Deployment> deployments = new ArrayList<>();

    /** @param loader the server's module loader for deployments (ServiceModuleLoader), or null: then no class is a deployment's */
    DeploymentClasses(ModuleLoader loader) {
        Set<String> names = loader != null ? DeployedModules.loaded() : null;
        if (names == null) {
            return;
        }
        for (String name : names) {
            try {
                Module module = loader.loadModule(name); // loaded already: JBoss Modules named it
                deployments.add(new Deployment(name, module.getClassLoader()));
            } catch (ModuleLoadException | RuntimeException e) {
                // undeployed meanwhile: it owns nothing now
            }
        }
    }

    @Override
    public String apply(String className) {
        for (Deployment deployment : deployments) {
            try {
                Class<?> type = Class.forName(className, false, deployment.loader);
                if (type.getClassLoader() == deployment.loader) {
                    return deployment.name;
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // not this deployment's
            }
        }
        return null;
    }
}
