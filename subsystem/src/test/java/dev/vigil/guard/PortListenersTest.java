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

    @Test
    void othersNamesThePidOfAnotherProcessListeningOnAPort() {
        assumeTrue(PortListeners.canTellOwners());
        try (OtherProcess other = OtherProcess.listening()) {
            assertEquals(Map.of(other.port(), other.pid()), PortListeners.others(List.of(other.port())));
        }
    }

    @Test
    void othersIgnoresAPortThisProcessListensOn() throws IOException {
        assumeTrue(PortListeners.canTellOwners());
        try (ServerSocket mine = listen()) {
            assertEquals(Map.of(), PortListeners.others(List.of(mine.getLocalPort())));
        }
    }

    @Test
    void othersFindsNothingOnAFreePort() throws IOException {
        int free;
        try (ServerSocket socket = listen()) {
            free = socket.getLocalPort();
        }

        assertEquals(Map.of(), PortListeners.others(List.of(free)));
    }

    @Test
    void othersOfNoPortsIsEmpty() {
        assertEquals(Map.of(), PortListeners.others(List.of()));
    }
}
