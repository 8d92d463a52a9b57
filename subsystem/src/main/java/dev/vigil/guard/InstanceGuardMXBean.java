package dev.vigil.guard;

/**
 * {@code vigil:type=InstanceGuard}: whether another server shares this one's directories or ports, in open types only.
 * Emits {@code vigil.instance.duplicate}, {@code vigil.instance.contender} and {@code vigil.instance.lock-lost}.
 */
public interface InstanceGuardMXBean {

    /** Whether another server holds some of this server's directories or listens on its ports now. */
    boolean isDuplicateDetected();

    /** The other servers: pid, host, started, sharedDirs, sharedPorts. */
    DuplicateRow[] getDuplicates();

    /** The lock files this server holds. */
    String[] getLockFiles();

    /** Servers that tried to start on this one's directories: pid, host, started, time, sharedDirs, onDuplicate. */
    ContenderRow[] getContenders();

    String getOnDuplicate();

    String[] getLockDirs();

    boolean isCheckPorts();

    long getRecheckInterval();

    /** Checks the locks, contenders and ports now; returns whether another server is found. */
    boolean checkNow();
}
