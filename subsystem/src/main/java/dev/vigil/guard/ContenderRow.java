package dev.vigil.guard;

import java.beans.ConstructorProperties;

/** A contender as JMX shows it (CompositeData: pid, host, started, time, sharedDirs, sharedPorts, onDuplicate). */
public final class ContenderRow {

    private final long pid;
    private final String host;
    private final String started;
    private final String time;
    private final String[] sharedDirs;
    private final int[] sharedPorts;
    private final String onDuplicate;

    @ConstructorProperties({ "pid", "host", "started", "time", "sharedDirs", "sharedPorts", "onDuplicate" })
    public ContenderRow(long pid, String host, String started, String time, String[] sharedDirs, int[] sharedPorts, String onDuplicate) {
        this.pid = pid;
        this.host = host;
        this.started = started;
        this.time = time;
        this.sharedDirs = sharedDirs.clone();
        this.sharedPorts = sharedPorts.clone();
        this.onDuplicate = onDuplicate;
    }

    static ContenderRow of(Contender contender) {
        return new ContenderRow(contender.who().pid(), contender.who().host(), contender.who().started().toString(), contender.time().toString(),
                contender.sharedDirs().toArray(String[]::new), contender.sharedPorts().stream().mapToInt(Integer::intValue).toArray(),
                contender.onDuplicate());
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

    public String getTime() {
        return time;
    }

    public String[] getSharedDirs() {
        return sharedDirs.clone();
    }

    public int[] getSharedPorts() {
        return sharedPorts.clone();
    }

    public String getOnDuplicate() {
        return onDuplicate;
    }
}
