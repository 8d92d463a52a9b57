package dev.vigil.guard;

import java.util.List;

/**
 * Another server found on this one's directories or ports.
 *
 * @param other       who (from its lock file, or from /proc for a port; pid {@link PortListeners#UNKNOWN_PID} if not known)
 * @param sharedDirs  the directories whose lock it holds
 * @param sharedPorts the ports it listens on
 */
public record Duplicate(InstanceInfo other, List<String> sharedDirs, List<Integer> sharedPorts) {

    public Duplicate {
        sharedDirs = List.copyOf(sharedDirs);
        sharedPorts = List.copyOf(sharedPorts);
    }

    /** What sharing means, for a log line. */
    public String consequence() {
        return sharedDirs.isEmpty() ? "Its ports are taken, so this server could not serve on them."
                : "Both would write the same files (data, logs, deployments, transactions).";
    }

    /** What is shared, for a log line: directories [..] and ports [..]. */
    public String shared() {
        return shared(sharedDirs, sharedPorts);
    }

    static String shared(List<String> dirs, List<Integer> ports) {
        StringBuilder text = new StringBuilder();
        if (!dirs.isEmpty()) {
            text.append("directories ").append(dirs);
        }
        if (!ports.isEmpty()) {
            text.append(text.length() > 0 ? " and " : "").append("ports ").append(ports);
        }
        return text.toString();
    }
}
