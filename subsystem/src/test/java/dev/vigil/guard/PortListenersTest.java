package dev.vigil.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Pids come from /proc: Linux only. */
class PortListenersTest {

    private static ServerSocket listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    private static InetSocketAddress at(String address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(address), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void othersIgnoresAListenerOnAnotherAddressOfThePort() {
        assumeTrue(PortListeners.canTellOwners());
        try (OtherProcess other = OtherProcess.listeningAt("127.0.0.1")) {
            assertEquals(Map.of(), PortListeners.others(List.of(at("127.0.0.2", other.port()))));
        }
    }

    @Test
    void aListenerOnTheWildcardAddressClashesWithAnyAddressOfThePort() {
        assumeTrue(PortListeners.canTellOwners());
        try (OtherProcess other = OtherProcess.listeningAt("0.0.0.0")) {
            assertEquals(Map.of(other.port(), other.pid()), PortListeners.others(List.of(at("127.0.0.2", other.port()))));
        }
    }

    @Test
    void aBindingOnTheWildcardAddressClashesWithAListenerOnAnyAddressOfThePort() {
        assumeTrue(PortListeners.canTellOwners());
        try (OtherProcess other = OtherProcess.listeningAt("127.0.0.2")) {
            assertEquals(Map.of(other.port(), other.pid()), PortListeners.others(List.of(at("0.0.0.0", other.port()))));
        }
    }

    @Test
    void aUdpSocketOnThePortIsNoListener() {
        try (OtherProcess other = OtherProcess.udpAt("127.0.0.1")) {
            assertEquals(Map.of(), PortListeners.others(List.of(at("127.0.0.1", other.port()))));
        }
    }

    @Test
    void procAddressesAreReadAsTheKernelWritesThem() throws java.io.IOException {
        assumeTrue(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(InetAddress.getByName("127.0.0.1"), PortListeners.address("0100007F"));
        assertEquals(InetAddress.getByName("127.0.0.2"), PortListeners.address("0200007F"));
        assertEquals(InetAddress.getByName("::"), PortListeners.address("00000000000000000000000000000000"));
        assertEquals(InetAddress.getByName("::1"), PortListeners.address("00000000000000000000000001000000"));
        assertEquals(InetAddress.getByName("127.0.0.1"), PortListeners.address("0000000000000000FFFF00000100007F"), "IPv4-mapped");
    }

    @Test
    void othersNamesThePidOfAnotherProcessListeningOnAPort() {
        assumeTrue(PortListeners.canTellOwners());
        try (OtherProcess other = OtherProcess.listening()) {
            assertEquals(Map.of(other.port(), other.pid()), PortListeners.others(List.of(at("127.0.0.1", other.port()))));
        }
    }

    @Test
    void othersIgnoresAPortThisProcessListensOn() throws IOException {
        assumeTrue(PortListeners.canTellOwners());
        try (ServerSocket mine = listen()) {
            assertEquals(Map.of(), PortListeners.others(List.of(at("127.0.0.1", mine.getLocalPort()))));
        }
    }

    @Test
    void othersFindsNothingOnAFreePort() throws IOException {
        int free;
        try (ServerSocket socket = listen()) {
            free = socket.getLocalPort();
        }

        assertEquals(Map.of(), PortListeners.others(List.of(at("127.0.0.1", free))));
    }

    @Test
    void othersOfNoPortsIsEmpty() {
        assertEquals(Map.of(), PortListeners.others(List.of()));
    }
}
