package dev.vigil.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The part of the shared server's server.log written since this object was made: lines other test classes caused
 * before are not evidence for this test.
 */
final class ServerLog {

    private final Path file;
    private final long start;

    private ServerLog(Path file) {
        this.file = file;
        try {
            this.start = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on, in the shared server's standalone/log/server.log. */
    static ServerLog fromNow() {
        return new ServerLog(ServerAddress.jbossHome().resolve("standalone/log/server.log"));
    }

    /** What was written since. */
    String text() {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(start);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> lines() {
        return text().lines().collect(Collectors.toList());
    }

    /** The lines written since that contain {@code text}. */
    List<String> lines(String text) {
        return lines().stream().filter(line -> line.contains(text)).collect(Collectors.toList());
    }

    /** The ERROR lines written since. */
    List<String> errors() {
        return lines().stream().filter(line -> line.matches("^\\S+ \\S+ ERROR .*")).collect(Collectors.toList());
    }
}
