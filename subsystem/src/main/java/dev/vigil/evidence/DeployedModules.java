package dev.vigil.evidence;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** What is deployed now, as JBoss Modules tells it: for the thread census's undeploy report and the suspects' class owners. */
public final class DeployedModules {

    /**
     * The deployment modules JBoss Modules has loaded now, from its ModuleLoader MBeans: what is still deployed. Null
     * if no loader answered, so that nothing is reported as undeployed when Vigil cannot tell.
     */
    public static Set<String> loaded() {
        Set<String> names = new TreeSet<>();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        boolean answered = false;
        Set<ObjectName> loaders;
        try {
            loaders = server.queryNames(new ObjectName("jboss.modules:type=ModuleLoader,*"), null);
        } catch (JMException e) {
            return null;
        }
        for (ObjectName loader : loaders) {
            try {
                // an MXBean: the List<String> comes as String[] through the MBeanServer
                Object loaded = server.invoke(loader, "queryLoadedModuleNames", new Object[0], new String[0]);
                Iterable<?> modules = loaded instanceof Object[] ? List.of((Object[]) loaded) : (Iterable<?>) loaded;
                answered = true;
                for (Object name : modules) {
                    if (String.valueOf(name).startsWith("deployment.")) {
                        names.add(String.valueOf(name));
                    }
                }
            } catch (JMException | RuntimeException e) {
                // a loader that does not answer holds no deployments we could tell apart
            }
        }
        return answered ? names : null;
    }

    private DeployedModules() {
    }
}
