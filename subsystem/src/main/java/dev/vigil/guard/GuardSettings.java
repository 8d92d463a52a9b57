package dev.vigil.guard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance guard's configuration.
 *
 * @param onDuplicate     what a server does at boot on finding another one
 * @param lockDirs        the directories to lock; empty for the server's own (see {@link #defaultLockDirs()})
 * @param checkPorts      whether to look for other processes on the server's ports
 * @param recheckInterval how often the locks, contenders (and ports) are checked again while the server runs
 */
public record GuardSettings(OnDuplicate onDuplicate, List<Path> lockDirs, boolean checkPorts, Duration recheckInterval) {

    public static final long DEFAULT_RECHECK_SECONDS = 10;

    public GuardSettings {
        lockDirs = List.copyOf(lockDirs);
    }

    /** The configured directories, or the server's own: data, log, temp and the deployment scanner's deployments. */
    public List<Path> effectiveLockDirs() {
        return lockDirs.isEmpty() ? defaultLockDirs() : lockDirs;
    }

    /** The server's data, log and temp directories, and its base dir's deployments (a standalone server's scanner's). */
    public static List<Path> defaultLockDirs() {
        List<Path> dirs = new ArrayList<>();
        for (String property : List.of("jboss.server.data.dir", "jboss.server.log.dir", "jboss.server.temp.dir")) {
            String dir = System.getProperty(property);
            if (dir != null) {
                dirs.add(Path.of(dir));
            }
        }
        String base = System.getProperty("jboss.server.base.dir");
        if (base != null && Files.isDirectory(Path.of(base, "deployments"))) {
            dirs.add(Path.of(base, "deployments"));
        }
        return dirs;
    }
}
