package dev.vigil.dump;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.dmr.ModelNode;

import dev.vigil.VigilLogger;

/**
 * The dump directory and its rules: what counts as a dump, which names callers may use, which files belong to a
 * dump, and which are deleted when there are too many. Callers never pass a path: they pass a name, and only names
 * {@link #list()} shows are accepted.
 * <p>
 * A dump {@code B.hprof} or {@code B.hprof.gz} has companions {@code B.json} (what it is) and {@code B.histogram.txt}
 * (the class histogram). Files being written start with a dot and are never listed.
 */
public final class DumpDirectory {

    public static final String RAW = ".hprof";
    public static final String GZIP = ".hprof.gz";
    public static final String METADATA = ".json";
    public static final String HISTOGRAM = ".histogram.txt";
    public static final String THREADS = ".threads.txt";
    static final String PART = ".";

    /** Histograms taken without a dump are kept too, up to this many. */
    static final int LONE_HISTOGRAMS_KEPT = 10;

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    /** {@code <server>-<pid>-<yyyyMMdd-HHmmss>-<trigger>[-N]}, and the JVM's own {@code java_pid<pid>}. */
    // A trailing -N tells apart two dumps of the same second; it is not part of the trigger.
    private static final Pattern VIGIL_NAME = Pattern.compile("(.+)-(\\d{1,18})-(\\d{8}-\\d{6})-([\\w.-]+?)(?:-\\d+)?");
    private static final Pattern JVM_NAME = Pattern.compile("java_pid(\\d+)(?:\\.\\d+)?");

    private final Path directory;

    public DumpDirectory(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path path() {
        return directory;
    }

    /** Creates the directory (owner-only) when missing and checks the server can write into it. */
    public void prepare() throws HeapDumpException {
        if (!Files.isDirectory(directory)) {
            try {
                Files.createDirectories(directory, posix(OWNER_ONLY_DIR));
            } catch (FileAlreadyExistsException e) {
                throw new HeapDumpException(HeapDumpException.Reason.DIRECTORY, VigilLogger.ROOT_LOGGER.dumpPathNotADirectory(directory.toString()));
            } catch (IOException | SecurityException e) {
                throw new HeapDumpException(HeapDumpException.Reason.DIRECTORY,
                        VigilLogger.ROOT_LOGGER.dumpDirectoryNotCreated(directory.toString(), reason(e), user()), e);
            }
        }
        if (!Files.isWritable(directory)) {
            throw new HeapDumpException(HeapDumpException.Reason.DIRECTORY, VigilLogger.ROOT_LOGGER.dumpDirectoryNotWritable(directory.toString(), user()));
        }
    }

    /** The dumps in the directory, oldest first. A missing directory has none. */
    public List<DumpFile> list() throws IOException {
        List<DumpFile> dumps = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return dumps;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!isDump(name)) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile()) {
                        dumps.add(describe(name, attributes));
                    }
                } catch (NoSuchFileException deletedMeanwhile) {
                    // gone between listing and reading
                }
            }
        }
        dumps.sort(Comparator.comparing(DumpFile::modified).thenComparing(DumpFile::name));
        return dumps;
    }

    /** A dump as its file and, when Vigil wrote it, its metadata tell. */
    private DumpFile describe(String name, BasicFileAttributes attributes) {
        Instant modified = attributes.lastModifiedTime().toInstant();
        Instant started = modified;
        long duration = -1;
        Path metadata = directory.resolve(base(name) + METADATA);
        if (Files.isRegularFile(metadata)) {
            try {
                ModelNode json = ModelNode.fromJSONString(Files.readString(metadata));
                if (name.equals(json.get("file").asString(""))) {
                    started = Instant.parse(json.get("started").asString());
                    duration = json.get("duration-ms").asLong(-1);
                }
            } catch (IOException | RuntimeException unreadable) {
                // a metadata file someone edited or cut short: the file's own facts still hold
            }
        }
        return new DumpFile(name, attributes.size(), modified, trigger(name), started, duration);
    }

    /**
     * The file of a listed dump. Anything else is refused before the file system is touched: a path separator,
     * {@code ..}, a companion file, or a name that is not listed.
     */
    public Path listed(String name) throws HeapDumpException, IOException {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..") || name.startsWith(PART)
                || !isDump(name)) {
            throw new HeapDumpException(HeapDumpException.Reason.NAME, VigilLogger.ROOT_LOGGER.notADumpName(String.valueOf(name), names(list())));
        }
        List<DumpFile> dumps = list();
        for (DumpFile dump : dumps) {
            if (dump.name().equals(name)) {
                return directory.resolve(name);
            }
        }
        throw new HeapDumpException(HeapDumpException.Reason.NAME, VigilLogger.ROOT_LOGGER.notADumpName(name, names(dumps)));
    }

    /** Deletes a listed dump and its companions; returns the names of the files deleted. */
    public List<String> delete(String name) throws HeapDumpException, IOException {
        Path dump = listed(name);
        return deleteGroup(base(dump.getFileName().toString()));
    }

    /**
     * Keeps the newest {@code maxDumps} dumps and the newest {@link #LONE_HISTOGRAMS_KEPT} histograms taken without a
     * dump; deletes the rest, each with its companions. Returns the names of the files deleted.
     */
    public List<String> retain(int maxDumps) throws IOException {
        List<String> deleted = new ArrayList<>();
        List<DumpFile> dumps = list();
        for (int i = 0; i < dumps.size() - maxDumps; i++) {
            deleted.addAll(deleteGroup(base(dumps.get(i).name())));
        }
        List<Path> lone = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*{" + HISTOGRAM + "," + THREADS + "}")) {
            for (Path file : files) {
                String base = base(file.getFileName().toString());
                if (!Files.exists(directory.resolve(base + RAW)) && !Files.exists(directory.resolve(base + GZIP))) {
                    lone.add(file);
                }
            }
        }
        lone.sort(Comparator.comparing(DumpDirectory::modified));
        for (int i = 0; i < lone.size() - LONE_HISTOGRAMS_KEPT; i++) {
            deleted.addAll(deleteGroup(base(lone.get(i).getFileName().toString())));
        }
        return deleted;
    }

    /**
     * Deletes files a process left half-written when it died (they carry its pid); never those of a live process,
     * which may still be writing them.
     */
    public List<String> removeAbandonedParts() throws IOException {
        List<String> deleted = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return deleted;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PART + "*")) {
            for (Path file : files) {
                String name = file.getFileName().toString().substring(PART.length());
                Matcher matcher = VIGIL_NAME.matcher(base(name));
                if (isDump(name) && matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(2))).isEmpty()) {
                    Files.deleteIfExists(file);
                    deleted.add(file.getFileName().toString());
                }
            }
        }
        return deleted;
    }

    Path part(String fileName) {
        return directory.resolve(PART + fileName);
    }

    Path resolve(String fileName) {
        return directory.resolve(fileName);
    }

    private List<String> deleteGroup(String base) throws IOException {
        List<String> deleted = new ArrayList<>();
        for (String suffix : List.of(RAW, GZIP, METADATA, HISTOGRAM, THREADS)) {
            if (Files.deleteIfExists(directory.resolve(base + suffix))) {
                deleted.add(base + suffix);
            }
        }
        return deleted;
    }

    static boolean isDump(String name) {
        return !name.startsWith(PART) && (name.endsWith(RAW) || name.endsWith(GZIP));
    }

    /** The name without its extension: what a dump and its companions share. */
    static String base(String name) {
        for (String suffix : List.of(GZIP, RAW, METADATA, HISTOGRAM, THREADS)) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** What caused a dump, read from its name. */
    static String trigger(String name) {
        String base = base(name);
        Matcher vigil = VIGIL_NAME.matcher(base);
        if (vigil.matches()) {
            return vigil.group(4);
        }
        return JVM_NAME.matcher(base).matches() ? "out-of-memory" : "unknown";
    }

    static List<String> names(List<DumpFile> dumps) {
        List<String> names = new ArrayList<>();
        dumps.forEach(dump -> names.add(dump.name()));
        return names;
    }

    static FileAttribute<?>[] posix(Set<PosixFilePermission> permissions) {
        return Files.getFileAttributeView(Path.of("").toAbsolutePath(), java.nio.file.attribute.PosixFileAttributeView.class) != null
                ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) }
                : new FileAttribute<?>[0];
    }

    /** Makes a finished file owner-only where the file system knows POSIX permissions. */
    static void ownerOnly(Path file) throws IOException {
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        }
    }

    private static java.time.Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return java.time.Instant.EPOCH;
        }
    }

    /** What went wrong, in words: the file system's reason where it gives one, else the kind of error. */
    private static String reason(Exception e) {
        if (e instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) e).getReason() != null) {
            return ((java.nio.file.FileSystemException) e).getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied on " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String user() {
        return System.getProperty("user.name");
    }
}
