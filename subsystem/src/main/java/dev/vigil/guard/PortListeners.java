package dev.vigil.guard;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which other processes listen on the TCP addresses a server binds. Only a TCP listener that would keep the server
 * from binding counts: one on the same address and port, or on the wildcard address (0.0.0.0, ::) of the port, or any
 * on the port if the server binds the wildcard itself; UDP sockets and listeners on other interfaces do not. On Linux
 * from {@code /proc/net/tcp} and {@code tcp6} (sockets in LISTEN) and {@code /proc/PID/fd} (who owns them); elsewhere
 * a connection attempt to the address, which finds a listener but not its pid.
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

    /** Port to the pid listening on it, for the given addresses that another process than this one listens on in their way. */
    public static Map<Integer, Long> others(Collection<InetSocketAddress> bindings) {
        if (bindings.isEmpty()) {
            return Map.of();
        }
        return canTellOwners() ? fromProc(bindings) : byConnecting(bindings);
    }

    /** Whether a listener on {@code listener} keeps a server from binding {@code binding} (same port assumed). */
    static boolean clashes(InetAddress listener, InetAddress binding) {
        return listener.isAnyLocalAddress() || binding.isAnyLocalAddress() || listener.equals(binding);
    }

    private static Map<Integer, Long> fromProc(Collection<InetSocketAddress> bindings) {
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
                    InetAddress address = address(local.substring(0, local.indexOf(':')));
                    if (bindings.stream().anyMatch(binding -> binding.getPort() == port && clashes(address, binding.getAddress()))) {
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

    /**
     * An address as /proc/net/tcp[6] writes it: hex, each 32-bit word as the host holds it in memory, so byte-swapped
     * on a little-endian machine. An IPv4-mapped IPv6 address comes back as the IPv4 address.
     */
    static InetAddress address(String hex) throws UnknownHostException {
        boolean swapped = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int from = swapped ? (i / 4) * 4 + 3 - i % 4 : i;
            bytes[i] = (byte) Integer.parseInt(hex.substring(from * 2, from * 2 + 2), 16);
        }
        return InetAddress.getByAddress(bytes);
    }

    private static Map<Integer, Long> byConnecting(Collection<InetSocketAddress> bindings) {
        Map<Integer, Long> listeners = new TreeMap<>();
        for (InetSocketAddress binding : bindings) {
            // a wildcard binding meets any listener on its port; loopback is where one answers for sure
            InetAddress target = binding.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : binding.getAddress();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(target, binding.getPort()), CONNECT_TIMEOUT_MILLIS);
                listeners.put(binding.getPort(), UNKNOWN_PID);
            } catch (IOException e) {
                // nobody listens there
            }
        }
        return listeners;
    }
}
