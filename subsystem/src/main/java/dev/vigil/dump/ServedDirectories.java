package dev.vigil.dump;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.VigilLogger;

/**
 * The directories the server serves over HTTP or deploys from (welcome content, file handlers, deployment content, the
 * deployment scanner's directory). A heap dump in one of them is one download or one deployment away from anyone, so
 * no dump directory may lie inside one. Plain Java: the wiring gives the directories, the tests give temporary ones.
 */
public final class ServedDirectories {

    /** A directory and what the server does with it, for the message. */
    public record Served(Path directory, String what) {
    }

    private final List<Served> served;

    public ServedDirectories(List<Served> served) {
        this.served = List.copyOf(served);
    }

    public List<Served> served() {
        return served;
    }

    /**
     * Refuses a dump directory inside (or equal to) a served one, comparing real paths so that a symbolic link or
     * {@code ..} does not hide it.
     *
     * @param setting how the directory was configured, for the message (e.g. {@code path=x relative-to=y})
     */
    public void refuse(Path directory, String setting) throws HeapDumpException {
        Path dumps = real(directory);
        for (Served s : served) {
            Path root = real(s.directory());
            if (dumps.startsWith(root)) {
                throw new HeapDumpException(HeapDumpException.Reason.DIRECTORY,
                        VigilLogger.ROOT_LOGGER.dumpDirectoryServed(setting, dumps.toString(), root.toString(), s.what()));
            }
        }
    }

    /** The path with every symbolic link of its existing part resolved; the part that does not exist yet as written. */
    static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        Path existing = absolute;
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                for (int i = missing.size() - 1; i >= 0; i--) {
                    real = real.resolve(missing.get(i));
                }
                return real;
            } catch (IOException notThere) {
                missing.add(existing.getFileName());
                existing = existing.getParent();
            }
        }
        return absolute;
    }
}
