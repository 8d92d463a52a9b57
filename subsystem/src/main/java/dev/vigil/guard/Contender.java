package dev.vigil.guard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.io.StringReader;

/**
 * A server that found this server's lock taken: it leaves {@code vigil.contender-PID} beside the lock, and the holder
 * reads and removes it at its next check. The only file a contender ever writes into another server's directory.
 *
 * @param who        the contender
 * @param time       when it found the lock taken
 * @param sharedDirs  the directories it found locked
 * @param sharedPorts the ports it found taken (by the holder)
 * @param onDuplicate what it did about it: fail (stopped) or warn (runs on)
 */
public record Contender(InstanceInfo who, Instant time, List<String> sharedDirs, List<Integer> sharedPorts, String onDuplicate) {

    static final String PREFIX = "vigil.contender-";
    private static final int MAX_BYTES = 64 * 1024;

    public Contender {
        sharedDirs = List.copyOf(sharedDirs);
        sharedPorts = List.copyOf(sharedPorts);
    }

    /** What it shares with the holder, for a log line: directories [..] and ports [..]. */
    public String shared() {
        return Duplicate.shared(sharedDirs, sharedPorts);
    }

    /** Leaves the trace in the directory; written whole (hidden, then renamed) so the holder never reads half of it. */
    void leave(Path directory) throws IOException {
        Path trace = directory.resolve(PREFIX + who.pid());
        Path part = directory.resolve("." + PREFIX + who.pid() + ".part");
        String text = who.format() + "time=" + time + "\n" + "shared-dirs=" + String.join(",", sharedDirs) + "\n"
                + "shared-ports=" + String.join(",", sharedPorts.stream().map(String::valueOf).toList()) + "\n" + "on-duplicate=" + onDuplicate + "\n";
        // Created new, owner-only, never through a link: whoever may write the directory cannot make this write another file.
        Files.deleteIfExists(part); // a part this pid left (a reused pid), or a link someone planted: removed, not followed
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(part,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), DirectoryLock.ownerOnly(directory)))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.move(part, trace, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The traces contenders left in the directory, removed as they are read; unreadable ones are removed too. */
    static List<Contender> collect(Path directory) {
        List<Contender> found = new ArrayList<>();
        try (DirectoryStream<Path> traces = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path trace : traces) {
                try {
                    if (Files.isRegularFile(trace, LinkOption.NOFOLLOW_LINKS) && Files.size(trace) <= MAX_BYTES) {
                        Contender contender = parse(DirectoryLock.readNoFollow(trace));
                        if (contender != null) {
                            found.add(contender);
                        }
                    }
                    Files.deleteIfExists(trace);
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or not ours to read: skipped
                }
            }
        } catch (IOException e) {
            // the directory is gone: the lock check reports that
        }
        return found;
    }

    static Contender parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        InstanceInfo who = InstanceInfo.parse(properties);
        if (who == null) {
            return null;
        }
        Instant time;
        try {
            time = Instant.parse(properties.getProperty("time", "").trim());
        } catch (RuntimeException e) {
            time = Instant.EPOCH;
        }
        String dirs = properties.getProperty("shared-dirs", "").trim();
        List<Integer> ports = new ArrayList<>();
        for (String port : properties.getProperty("shared-ports", "").split(",")) {
            try {
                ports.add(Integer.parseInt(port.trim()));
            } catch (NumberFormatException e) {
                // none, or not a port
            }
        }
        return new Contender(who, time, dirs.isEmpty() ? List.of() : Arrays.asList(dirs.split(",")), ports, properties.getProperty("on-duplicate", "?").trim());
    }
}
