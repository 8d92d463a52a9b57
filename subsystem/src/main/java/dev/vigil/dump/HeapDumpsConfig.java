package dev.vigil.dump;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.services.path.PathManager;

import dev.vigil.VigilLogger;

/** The configuration as the model gives it, expressions resolved; the directory is resolved by the running server. */
record HeapDumpsConfig(String path, String relativeTo, boolean live, boolean compress, int maxDumps, Duration cooldown, Duration minInterval,
              long minFreeSpace, boolean onOutOfMemory, AnalyzerSettings analyzer, List<ServedDirectories.Served> fileHandlers) {

    /**
     * Resolves the directory through the server's paths and checks it can be used: created (owner-only) when
     * missing, writable. One that cannot be used is refused with the reason.
     */
    HeapDumpSettings resolve(PathManager paths) throws OperationFailedException {
        // An absolute path stands alone (path=/var/dumps), whatever relative-to says.
        if (!Path.of(path).isAbsolute() && relativeTo != null) {
            try {
                paths.getPathEntry(relativeTo);
            } catch (IllegalArgumentException unknown) {
                throw new OperationFailedException(VigilLogger.ROOT_LOGGER.unknownRelativeTo(relativeTo, relativeTo));
            }
        }
        Path directory = Path.of(path).isAbsolute() ? Path.of(path) : Path.of(paths.resolveRelativePathEntry(path, relativeTo));
        HeapDumpSettings settings = new HeapDumpSettings(directory, live, compress, maxDumps, cooldown, minInterval, minFreeSpace, onOutOfMemory, analyzer);
        try {
            served(paths).refuse(directory, "path=" + path + (Path.of(path).isAbsolute() || relativeTo == null ? "" : " relative-to=" + relativeTo));
            new DumpDirectory(settings.directory(), "").prepare();
        } catch (HeapDumpException e) {
            throw new OperationFailedException(e.getMessage());
        }
        return settings;
    }

    /** What the server serves or deploys from: no dump directory may lie inside. */
    ServedDirectories served(PathManager paths) {
        List<ServedDirectories.Served> served = new ArrayList<>(fileHandlers);
        addServed(served, paths, "jboss.home.dir", "welcome-content", "which Undertow serves as the welcome content");
        addServed(served, paths, "jboss.server.data.dir", "content", "which holds the deployments' content");
        addServed(served, paths, "jboss.server.deploy.dir", null, "which holds the deployments' content");
        addServed(served, paths, "jboss.server.base.dir", "deployments", "which the deployment scanner deploys from");
        return new ServedDirectories(served);
    }

    private static void addServed(List<ServedDirectories.Served> served, PathManager paths, String pathName, String child, String what) {
        try {
            String resolved = child == null ? paths.getPathEntry(pathName).resolvePath() : paths.resolveRelativePathEntry(child, pathName);
            served.add(new ServedDirectories.Served(Path.of(resolved), what + " (" + (child == null ? pathName : pathName + "/" + child) + ")"));
        } catch (RuntimeException notDefined) {
            // a server without that path (an embedded one) serves nothing from it
        }
    }
}
