package dev.vigil.guard;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The other process of the guard tests: a Java file lock is held per process, so only another process can hold a lock
 * that the test's JVM then finds taken. Started by {@link OtherProcess}; its arguments, in any order:
 * <ul>
 * <li>{@code lock DIR}: claims {@code vigil.lock} in the directory, prints {@code held DIR} or {@code taken DIR PID}</li>
 * <li>{@code listen PORT}: listens on 127.0.0.1:PORT (0: a free port)</li>
 * <li>{@code listen-at ADDRESS}: listens (TCP) on a free port of the address</li>
 * <li>{@code udp-at ADDRESS}: binds a UDP socket to a free port of the address</li>
 * <li>{@code contend fail|warn DIR[:DIR...]}: does what a second server does at boot: claims the directories with an
 * {@link InstanceGuard} and leaves traces for the servers that hold them; prints {@code duplicate PID DIR[:DIR...]}
 * per server found</li>
 * </ul>
 * Then it prints {@code ready PID PORT} (PORT -1 if it does not listen) and holds everything until its stdin closes or
 * reads {@code quit}.
 */
public final class LockHolder {

    public static void main(String[] args) throws Exception {
        InstanceInfo me = InstanceInfo.current("test.xml", 0, List.of());
        List<AutoCloseable> held = new ArrayList<>();
        int port = -1;
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String what = rest.remove(0);
            switch (what) {
                case "lock" -> {
                    Path dir = Path.of(rest.remove(0));
                    DirectoryLock.Claim claim = DirectoryLock.claim(dir, me);
                    if (claim instanceof DirectoryLock.Held ours) {
                        held.add(ours.lock());
                        System.out.println("held " + dir);
                    } else if (claim instanceof DirectoryLock.Taken taken) {
                        System.out.println("taken " + dir + " " + (taken.holder() == null ? "?" : taken.holder().pid()));
                    }
                }
                case "listen" -> {
                    ServerSocket socket = new ServerSocket();
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(rest.remove(0))));
                    held.add(socket);
                    port = socket.getLocalPort();
                }
                case "listen-at" -> {
                    ServerSocket socket = new ServerSocket();
                    socket.bind(new InetSocketAddress(InetAddress.getByName(rest.remove(0)), 0));
                    held.add(socket);
                    port = socket.getLocalPort();
                }
                case "udp-at" -> {
                    java.net.DatagramSocket socket = new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getByName(rest.remove(0)), 0));
                    held.add(socket);
                    port = socket.getLocalPort();
                }
                case "contend" -> {
                    OnDuplicate onDuplicate = OnDuplicate.of(rest.remove(0));
                    List<Path> dirs = Arrays.stream(rest.remove(0).split(File.pathSeparator)).map(Path::of).toList();
                    InstanceGuard guard = new InstanceGuard(new GuardSettings(onDuplicate, dirs, false, Duration.ofSeconds(10)), me);
                    held.add(guard);
                    for (Duplicate duplicate : guard.claimDirs()) {
                        System.out.println("duplicate " + duplicate.other().pid() + " " + String.join(File.pathSeparator, duplicate.sharedDirs()));
                    }
                    guard.leaveTraces(guard.duplicates(), onDuplicate);
                }
                default -> throw new IllegalArgumentException("unknown argument " + what);
            }
        }
        System.out.println("ready " + me.pid() + " " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            // hold on
        }
        for (AutoCloseable each : held) {
            each.close();
        }
    }
}
