package dev.vigil.guard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which other processes listen on given TCP ports. On Linux from {@code /proc/net/tcp} and {@code tcp6} (sockets in
 * LISTEN) and {@code /proc/PID/fd} (who owns them); elsewhere a connection attempt to the port on the loopback
 * address, which finds a listener but not its pid.
 */
public final class PortListeners {

    /** A pid that could not be told (another user's process, or not Linux). */
    public static final long UNKNOWN_PID = -1;

    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";
    private static final int CONNECT_TIMEOUT_MILLIS = 200;

    private PortListeners() {
    }

    /** Whether listeners can be told from this process' own (Linux); if not, a running server finds its own ports taken. */
    public static boolean canTellOwners() {
        return Files.isReadable(PROC.resolve("net/tcp"));
    }

    /** Port to the pid listening on it, for the given ports that another process than this one listens on. */
    public static Map<Integer, Long> others(Collection<Integer> ports) {
        if (ports.isEmpty()) {
            return Map.of();
        }
        return canTellOwners() ? fromProc(new HashSet<>(ports)) : byConnecting(ports);
    }

    private static Map<Integer, Long> fromProc(Set<Integer> ports) {
        Map<Long, Integer> inodes = new HashMap<>(); // socket inode -> port
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(PROC.resolve(table))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length < 10 || !LISTEN.equals(fields[3])) {
                        continue; // the header, or not listening
                    }
                    String local = fields[1];
                    int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                    if (ports.contains(port)) {
                        inodes.put(Long.parseLong(fields[9]), port);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no IPv6, or an unreadable table: the other one still counts
            }
        }
        Map<Integer, Long> listeners = new TreeMap<>();
        if (inodes.isEmpty()) {
            return listeners;
        }
        Map<Long, Long> owners = owners(inodes.keySet());
        long self = ProcessHandle.current().pid();
        inodes.forEach((inode, port) -> {
            long pid = owners.getOrDefault(inode, UNKNOWN_PID);
            if (pid != self) {
                listeners.merge(port, pid, Math::max);
            }
        });
        return listeners;
    }

    /** Socket inode to the pid whose open files hold it, for the processes this user may look into. */
    private static Map<Long, Long> owners(Set<Long> inodes) {
        Map<Long, Long> owners = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            if (target.startsWith("socket:[")) {
                                long inode = Long.parseLong(target.substring(8, target.length() - 1));
                                if (inodes.contains(inode)) {
                                    owners.put(inode, Long.parseLong(process.getFileName().toString()));
                                }
                            }
                        } catch (IOException | RuntimeException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // another user's process, or ended meanwhile
                }
                if (owners.size() == inodes.size()) {
                    break;
                }
            }
        } catch (IOException e) {
            // no /proc to look into: pids stay unknown
        }
        return owners;
    }

    private static Map<Integer, Long> byConnecting(Collection<Integer> ports) {
        Map<Integer, Long> listeners = new TreeMap<>();
        for (int port : ports) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
                listeners.put(port, UNKNOWN_PID);
            } catch (IOException e) {
                // nobody listens there
            }
        }
        return listeners;
    }
}
