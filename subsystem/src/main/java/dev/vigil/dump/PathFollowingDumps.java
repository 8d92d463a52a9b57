package dev.vigil.dump;

import java.nio.file.Path;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.services.path.PathEntry;
import org.jboss.as.controller.services.path.PathManager;

import dev.vigil.VigilLogger;

/**
 * The running service, with the server's paths to resolve a new path against. It follows the path relative-to
 * names: a change of that path moves the dumps at once; its removal asks for a reload (the dumps stay where they
 * are until then).
 */
final class PathFollowingDumps {
    private final HeapDumpService service;
    private final PathManager paths;
    private PathManager.Callback.Handle followed;
    private HeapDumpsConfig config;

    PathFollowingDumps(HeapDumpService service, PathManager paths) {
        this.service = service;
        this.paths = paths;
    }

    HeapDumpService service() {
        return service;
    }

    /** Applies the configuration and follows the path it is relative to, instead of the one followed before. */
    synchronized void apply(HeapDumpsConfig config) throws OperationFailedException {
        service.reconfigure(config.resolve(paths));
        follow(config);
    }

    /** The configuration applied last. */
    synchronized HeapDumpsConfig config() {
        return config;
    }

    synchronized void follow(HeapDumpsConfig config) {
        unfollow();
        this.config = config;
        if (config.relativeTo() == null || Path.of(config.path()).isAbsolute()) {
            return;
        }
        followed = paths.registerCallback(config.relativeTo(), new PathManager.Callback() {
            @Override
            public void pathModelEvent(PathManager.PathEventContext event, String name) {
                if (event.getEvent() == PathManager.Event.REMOVED) {
                    VigilLogger.ROOT_LOGGER.dumpPathRemoved(name, service.dumper().directory().path().toString());
                    event.reloadRequired();
                }
            }

            @Override
            public void pathEvent(PathManager.Event event, PathEntry entry) {
                if (event != PathManager.Event.UPDATED) {
                    return;
                }
                try {
                    service.reconfigure(config.resolve(paths));
                    VigilLogger.ROOT_LOGGER.dumpPathFollowed(entry.getName(), service.dumper().directory().path().toString());
                } catch (OperationFailedException e) {
                    VigilLogger.ROOT_LOGGER.dumpPathNotFollowed(entry.getName(), e.getMessage(), service.dumper().directory().path().toString());
                }
            }
        }, PathManager.Event.UPDATED, PathManager.Event.REMOVED);
    }

    synchronized void unfollow() {
        if (followed != null) {
            followed.remove();
            followed = null;
        }
    }
}
