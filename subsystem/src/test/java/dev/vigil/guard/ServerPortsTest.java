package dev.vigil.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vigil.guard.ServerPorts.Binding;
import dev.vigil.guard.ServerPorts.Group;

class ServerPortsTest {

    private static final InetAddress WILDCARD = new InetSocketAddress(0).getAddress();
    private static final Map<String, String> INTERFACES = Map.of("public", "127.0.0.1", "management", "127.0.0.2");

    private static InetSocketAddress at(String address, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    private static Binding binding(String name, int port) {
        return new Binding(name, port, false, false, null);
    }

    private static List<InetSocketAddress> addresses(int offset, Binding... bindings) {
        return ServerPorts.of(List.of(new Group(offset, "public", List.of(bindings))), INTERFACES).addresses();
    }

    @Test
    void aBindingListensOnItsDefaultInterfacesAddressAtItsPortPlusTheOffset() throws UnknownHostException {
        assertEquals(List.of(at("127.0.0.1", 8180)), addresses(100, binding("http", 8080)));
    }

    @Test
    void aBindingNamingAnInterfaceListensOnThatInterfacesAddress() throws UnknownHostException {
        assertEquals(List.of(at("127.0.0.2", 9990)), addresses(0, new Binding("management-http", 9990, false, false, "management")));
    }

    @Test
    void aFixedPortIsNotOffset() throws UnknownHostException {
        assertEquals(List.of(at("127.0.0.1", 8080)), addresses(100, new Binding("http", 8080, true, false, null)));
    }

    @Test
    void aMulticastBindingIsLeftOut() throws UnknownHostException {
        assertEquals(List.of(at("127.0.0.1", 8080)), addresses(0, new Binding("jgroups-udp", 55200, false, true, null), binding("http", 8080)));
    }

    @Test
    void aBindingWithoutAPortIsLeftOut() throws UnknownHostException {
        assertEquals(List.of(at("127.0.0.1", 8080)), addresses(0, binding("none", 0), binding("negative", -1), binding("http", 8080)));
    }

    @Test
    void anAddressTwoBindingsShareIsListedOnce() throws UnknownHostException {
        assertEquals(List.of(at("127.0.0.1", 8080), at("127.0.0.1", 8443)),
                addresses(0, binding("http", 8080), binding("https", 8443), binding("http-again", 8080)));
    }

    @Test
    void anInterfaceWithoutAnAddressOrUnknownBindsTheWildcard() {
        // any-address and criteria such as nic name no inet-address; an unknown name fails the server's own binding
        assertEquals(List.of(new InetSocketAddress(WILDCARD, 8080), new InetSocketAddress(WILDCARD, 8443)),
                addresses(0, new Binding("http", 8080, false, false, "any"), new Binding("https", 8443, false, false, "no-such-interface")));
    }

    @Test
    void anInetAddressThatDoesNotResolveBindsTheWildcard() {
        assertEquals(List.of(new InetSocketAddress(WILDCARD, 8080)),
                ServerPorts.of(List.of(new Group(0, "public", List.of(binding("http", 8080)))), Map.of("public", "no-such-host.invalid")).addresses());
    }

    @Test
    void theOffsetIsTheGroupsAndZeroWithoutAGroup() {
        assertEquals(150, ServerPorts.of(List.of(new Group(150, "public", List.of())), INTERFACES).offset());
        assertEquals(new ServerPorts(0, List.of()), ServerPorts.of(List.of(), INTERFACES));
    }
}
