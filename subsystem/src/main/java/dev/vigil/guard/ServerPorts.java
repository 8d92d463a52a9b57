package dev.vigil.guard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The TCP addresses a server binds, computed from its socket bindings as the management model holds them: the
 * interface's address and the port, offset applied (fixed ports as they are). Multicast bindings (jgroups-udp,
 * modcluster) are UDP and left out, and so are bindings without a port.
 *
 * @param offset    the port offset (of the last socket-binding-group; a server has one)
 * @param addresses each address once, in the order of the bindings
 */
public record ServerPorts(int offset, List<InetSocketAddress> addresses) {

    public ServerPorts {
        addresses = List.copyOf(addresses);
    }

    /**
     * One socket binding, its expressions resolved.
     *
     * @param port          0 if it has none
     * @param multicast     whether it names a multicast address
     * @param interfaceName null for the group's default interface
     */
    public record Binding(String name, int port, boolean fixedPort, boolean multicast, String interfaceName) {
    }

    /** A socket-binding-group, its expressions resolved. */
    public record Group(int offset, String defaultInterface, List<Binding> bindings) {

        public Group {
            bindings = List.copyOf(bindings);
        }
    }

    /**
     * @param groups        the server's socket-binding-groups
     * @param inetAddresses the inet-address of each interface that names one; any other (any-address, criteria such
     *                      as nic that only the interface service judges, an unknown name) binds the wildcard
     */
    public static ServerPorts of(List<Group> groups, Map<String, String> inetAddresses) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        int offset = 0;
        for (Group group : groups) {
            offset = group.offset();
            for (Binding binding : group.bindings()) {
                if (binding.port() <= 0 || binding.multicast()) {
                    continue;
                }
                String name = binding.interfaceName() != null ? binding.interfaceName() : group.defaultInterface();
                InetSocketAddress address = new InetSocketAddress(bindAddress(inetAddresses.get(name)),
                        binding.fixedPort() ? binding.port() : binding.port() + group.offset());
                if (!addresses.contains(address)) {
                    addresses.add(address);
                }
            }
        }
        return new ServerPorts(offset, addresses);
    }

    /** The wildcard, where the interface names no address: it meets every listener on the port, so nothing is missed. */
    private static InetAddress bindAddress(String inetAddress) {
        InetAddress wildcard = new InetSocketAddress(0).getAddress();
        if (inetAddress == null) {
            return wildcard;
        }
        try {
            return InetAddress.getByName(inetAddress);
        } catch (UnknownHostException e) {
            return wildcard; // the server's own binding fails with its own error
        }
    }
}
