package dev.vigil.guard;

import java.beans.ConstructorProperties;

/** A duplicate as JMX shows it (CompositeData: pid, host, started, sharedDirs, sharedPorts). */
public final class DuplicateRow {

    private final long pid;
    private final String host;
    private final String started;
    private final String[] sharedDirs;
    private final int[] sharedPorts;

    @ConstructorProperties({ "pid", "host", "started", "sharedDirs", "sharedPorts" })
    public DuplicateRow(long pid, String host, String started, String[] sharedDirs, int[] sharedPorts) {
        this.pid = pid;
        this.host = host;
        this.started = started;
        this.sharedDirs = sharedDirs.clone();
        this.sharedPorts = sharedPorts.clone();
    }

    static DuplicateRow of(Duplicate duplicate) {
        return new DuplicateRow(duplicate.other().pid(), duplicate.other().host(), duplicate.other().started().toString(),
                duplicate.sharedDirs().toArray(String[]::new), duplicate.sharedPorts().stream().mapToInt(Integer::intValue).toArray());
    }

    public long getPid() {
        return pid;
    }

    public String getHost() {
        return host;
    }

    public String getStarted() {
        return started;
    }

    public String[] getSharedDirs() {
        return sharedDirs.clone();
    }

    public int[] getSharedPorts() {
        return sharedPorts.clone();
    }
}
