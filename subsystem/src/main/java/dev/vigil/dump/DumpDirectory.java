package dev.vigil.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.dmr.ModelNode;

import dev.vigil.VigilLogger;

import dev.vigil.analyzer.ReportFiles;
import dev.vigil.evidence.EvidenceNotes;

/**
 * The dump directory and its rules: what counts as a dump, which names callers may use, which files belong to a
 * dump, and which are deleted when there are too many. Callers never pass a path: they pass a name, and only names
 * {@link #list()} shows are accepted.
 * <p>
 * A dump {@code B.hprof} or {@code B.hprof.gz} has companions {@code B.json} (what it is), {@code B.histogram.txt}
 * (the class histogram), {@code B.threads.txt} (the thread census), {@code B.suspects.txt} (the leak suspects) and the dump
 * report {@code B.report.html}, {@code B.report.json} with the analyzer's {@code B.analyzer.log}; a histogram or census taken without a dump is
 * an entry of its own. Files being written start with a dot and are never listed. The directory may be shared with
 * other servers: retention counts and deletes only this server's files.
 */
public final class DumpDirectory {

    public static final String RAW = ".hprof";
    public static final String GZIP = ".hprof.gz";
    public static final String METADATA = ".json";
    public static final String HISTOGRAM = ".histogram.txt";
    public static final String THREADS = ".threads.txt";
    /** The leak suspects of the same cause; the suffix is the evidence leaf's, where the suspects name it. */
    public static final String SUSPECTS = EvidenceNotes.SUSPECTS;
    /** The dump report the analyzer writes beside the dump, and its log. */
    public static final String REPORT_HTML = ReportFiles.REPORT_HTML;
    public static final String REPORT_JSON = ReportFiles.REPORT_JSON;
    public static final String ANALYZER_LOG = ReportFiles.ANALYZER_LOG;
    /** Every file that belongs to a dump besides the dump itself. */
    static final List<String> COMPANIONS = List.of(METADATA, HISTOGRAM, THREADS, SUSPECTS, REPORT_HTML, REPORT_JSON, ANALYZER_LOG);
    private static final List<String> SUFFIXES_LONGEST_FIRST = Stream.concat(Stream.of(GZIP, RAW), COMPANIONS.stream())
            .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    static final String PART = ".";

    /** Histograms and thread censuses taken without a dump are kept too, up to this many. */
    static final int LONE_KEPT = 10;
    /** The trigger of the JVM's own dump on OutOfMemoryError. */
    public static final String OUT_OF_MEMORY = "out-of-memory";
    /** The kinds of list entries. */
    public static final String KIND_HEAP_DUMP = "heap-dump";
    public static final String KIND_HISTOGRAM = "histogram";
    public static final String KIND_THREADS = "threads";
    public static final String KIND_SUSPECTS = "suspects";

    private static final Duration START_TIME_SLACK = Duration.ofSeconds(2);

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    /** {@code <server>-<pid>-<yyyyMMdd-HHmmss>-<trigger>[-N]}, and the JVM's own {@code java_pid<pid>}. */
    // A trailing -N tells apart two dumps of the same second; it is not part of the trigger.
    private static final Pattern VIGIL_NAME = Pattern.compile("(.+)-(\\d{1,18})-(\\d{8}-\\d{6})-([\\w.-]+?)(?:-\\d+)?");
    private static final Pattern VIGIL_REST = Pattern.compile("(\\d{1,18})-(\\d{8}-\\d{6})-([\\w.-]+?)(?:-\\d+)?");
    private static final Pattern JVM_NAME = Pattern.compile("java_pid(\\d+)(?:\\.\\d+)?");

    private final Path directory;
    private final String server;

    /** @param server this server's name, as its files begin ({@link #fileNamePart}) */
    public DumpDirectory(Path directory, String server) {
        this.directory = directory.toAbsolutePath().normalize();
        this.server = server;
    }

    /**
     * A name (a server's, a trigger's) as a file name holds it: what is not a letter, digit, dot or dash becomes
     * {@code _}, and so does a run of dots and a leading dot. A file starting with a dot is a part, never listed; a
     * name holding {@code ..} is refused as a path: either would make the dump unlistable and undeletable.
     */
    public static String fileNamePart(String name) {
        String part = name.replaceAll("[^\\w.-]", "_").replaceAll("\\.{2,}", "_");
        return part.startsWith(PART) ? "_" + part.substring(1) : part;
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
        refuseShared();
    }

    /**
     * Refuses a directory someone else may write into: not owned by the server's user, or writable by its group or
     * others. Whoever may write there could plant a link where the next file goes, or swap a file the server is about
     * to read or stream.
     */
    void refuseShared() throws HeapDumpException {
        PosixFileAttributes attributes;
        try {
            if (Files.getFileAttributeView(directory, PosixFileAttributeView.class) == null) {
                return; // no owners or modes on this file system (Windows): nothing to judge
            }
            attributes = Files.readAttributes(directory, PosixFileAttributes.class);
        } catch (IOException e) {
            throw new HeapDumpException(HeapDumpException.Reason.DIRECTORY,
                    VigilLogger.ROOT_LOGGER.dumpDirectoryNotWritable(directory.toString(), user()), e);
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        String owner = attributes.owner().getName();
        if (!owner.equals(user()) || mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new HeapDumpException(HeapDumpException.Reason.DIRECTORY, VigilLogger.ROOT_LOGGER.dumpDirectoryUnsafe(directory.toString(), owner,
                    PosixFilePermissions.toString(mode), user(), user() + " " + directory));
        }
    }

    /**
     * The files in the directory a client may ask for, oldest first: every heap dump (this server's, another's, the JVM's
     * own), and each histogram or thread census taken without a dump (kind {@link #KIND_HISTOGRAM},
     * {@link #KIND_THREADS}). A dump's own companions are not entries of their own. A missing directory has none.
     */
    public List<DumpFile> list() throws IOException {
        List<DumpFile> entries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String kind = kind(name);
                if (kind == null) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile()) {
                        entries.add(describe(name, kind, attributes));
                    }
                } catch (NoSuchFileException deletedMeanwhile) {
                    // gone between listing and reading
                }
            }
        }
        entries.sort(Comparator.comparing(DumpFile::modified).thenComparing(DumpFile::name));
        return entries;
    }

    /** The heap dumps alone, oldest first. */
    public List<DumpFile> dumps() throws IOException {
        List<DumpFile> dumps = new ArrayList<>();
        for (DumpFile entry : list()) {
            if (entry.kind().equals(KIND_HEAP_DUMP)) {
                dumps.add(entry);
            }
        }
        return dumps;
    }

    /** What a file is as a list entry; null if it is none (a part, a dump's companion, anything else). */
    private String kind(String name) {
        if (name.startsWith(PART)) {
            return null;
        }
        if (isDump(name)) {
            return KIND_HEAP_DUMP;
        }
        if (name.endsWith(HISTOGRAM) || name.endsWith(THREADS) || name.endsWith(SUSPECTS)) {
            return hasDump(base(name)) ? null : name.endsWith(HISTOGRAM) ? KIND_HISTOGRAM : name.endsWith(THREADS) ? KIND_THREADS : KIND_SUSPECTS;
        }
        return null;
    }

    /** Whether a dump of that name exists or is being written: then its companions are not lone. */
    private boolean hasDump(String base) {
        for (Path path : List.of(directory.resolve(base + RAW), directory.resolve(base + GZIP), part(base + RAW), part(base + GZIP))) {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    /** A dump as its file and, when Vigil wrote it, its metadata tell. */
    private DumpFile describe(String name, String kind, BasicFileAttributes attributes) {
        Instant modified = attributes.lastModifiedTime().toInstant();
        Instant started = modified;
        long duration = -1;
        Path metadata = directory.resolve(base(name) + METADATA);
        if (kind.equals(KIND_HEAP_DUMP) && Files.isRegularFile(metadata, LinkOption.NOFOLLOW_LINKS)) {
            try {
                ModelNode json = ModelNode.fromJSONString(readString(metadata));
                if (name.equals(json.get("file").asString(""))) {
                    started = Instant.parse(json.get("started").asString());
                    duration = json.get("duration-ms").asLong(-1);
                }
            } catch (IOException | RuntimeException unreadable) {
                // a metadata file someone edited or cut short: the file's own facts still hold
            }
        }
        String analysis = null;
        String report = null;
        String suspect = null;
        if (kind.equals(KIND_HEAP_DUMP)) {
            String base = base(name);
            if (Files.isRegularFile(directory.resolve(base + REPORT_HTML), LinkOption.NOFOLLOW_LINKS)
                    && Files.isRegularFile(directory.resolve(base + REPORT_JSON), LinkOption.NOFOLLOW_LINKS)) {
                analysis = AnalysisState.DONE;
                report = base + REPORT_HTML;
                suspect = ReportSummary.firstSuspect(directory.resolve(base + REPORT_JSON));
            } else {
                analysis = Files.isRegularFile(directory.resolve(base + ANALYZER_LOG), LinkOption.NOFOLLOW_LINKS) ? AnalysisState.FAILED : AnalysisState.NONE;
            }
        }
        return new DumpFile(name, kind, attributes.size(), modified, trigger(name), started, duration, analysis, report, suspect);
    }

    /**
     * The file of a listed entry. Anything else is refused before the file system is touched: a path separator,
     * {@code ..}, a dump's companion, or a name that is not listed.
     */
    public Path listed(String name) throws HeapDumpException, IOException {
        if (!plainName(name) || kind(name) == null) {
            throw new HeapDumpException(HeapDumpException.Reason.NAME, VigilLogger.ROOT_LOGGER.notADumpName(String.valueOf(name), names(list())));
        }
        List<DumpFile> entries = list();
        if (find(entries, name) == null) {
            throw new HeapDumpException(HeapDumpException.Reason.NAME, VigilLogger.ROOT_LOGGER.notADumpName(name, names(entries)));
        }
        return directory.resolve(name);
    }

    /**
     * A file a client may read: a listed entry, or a companion ({@code .json}, {@code .histogram.txt},
     * {@code .threads.txt}) of a listed heap dump. Anything else is refused, as by {@link #listed}.
     */
    public Path readable(String name) throws HeapDumpException, IOException {
        List<DumpFile> entries = list();
        if (plainName(name)) {
            if (find(entries, name) != null) {
                return directory.resolve(name);
            }
            String base = base(name);
            boolean companion = COMPANIONS.stream().anyMatch(suffix -> name.equals(base + suffix));
            if (companion && (find(entries, base + RAW) != null || find(entries, base + GZIP) != null)
                    && Files.isRegularFile(directory.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                return directory.resolve(name);
            }
        }
        throw new HeapDumpException(HeapDumpException.Reason.NAME, VigilLogger.ROOT_LOGGER.notAReadableName(String.valueOf(name), readableNames(entries)));
    }

    /** Every name {@link #readable} accepts: the entries and the heap dumps' companions. */
    private List<String> readableNames(List<DumpFile> entries) {
        List<String> names = new ArrayList<>();
        for (DumpFile entry : entries) {
            names.add(entry.name());
            if (entry.kind().equals(KIND_HEAP_DUMP)) {
                for (String suffix : COMPANIONS) {
                    if (Files.isRegularFile(directory.resolve(base(entry.name()) + suffix), LinkOption.NOFOLLOW_LINKS)) {
                        names.add(base(entry.name()) + suffix);
                    }
                }
            }
        }
        return names;
    }

    private static boolean plainName(String name) {
        return name != null && !name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.contains("..") && !name.startsWith(PART)
                && name.indexOf('\0') < 0;
    }

    private static DumpFile find(List<DumpFile> entries, String name) {
        for (DumpFile entry : entries) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        return null;
    }

    /**
     * Deletes a listed entry: a heap dump with its companions, a lone histogram or census alone. Returns the names of
     * the files deleted.
     */
    public List<String> delete(String name) throws HeapDumpException, IOException {
        Path file = listed(name);
        if (isDump(name)) {
            return deleteGroup(base(name));
        }
        return Files.deleteIfExists(file) ? List.of(name) : List.of();
    }

    /**
     * Keeps the newest {@code maxDumps} of this server's dumps and the newest {@link #LONE_KEPT} of its histograms and
     * censuses taken without a dump; deletes the rest, each dump with its companions. Files this server did not write
     * (another server's, another JVM's {@code java_pid*.hprof}) are neither counted nor deleted: a shared directory
     * holds their evidence too. Returns the names of the files deleted.
     */
    public List<String> retain(int maxDumps) throws IOException {
        List<String> deleted = new ArrayList<>();
        List<DumpFile> dumps = new ArrayList<>();
        List<DumpFile> lone = new ArrayList<>();
        for (DumpFile entry : list()) {
            if (own(entry.name())) {
                (entry.kind().equals(KIND_HEAP_DUMP) ? dumps : lone).add(entry);
            }
        }
        for (int i = 0; i < dumps.size() - maxDumps; i++) {
            deleted.addAll(deleteGroup(base(dumps.get(i).name())));
        }
        for (int i = 0; i < lone.size() - LONE_KEPT; i++) {
            if (Files.deleteIfExists(directory.resolve(lone.get(i).name()))) {
                deleted.add(lone.get(i).name());
            }
        }
        return deleted;
    }

    /** Whether this server wrote the file: its name is {@code <server>-<pid>-<time>-<trigger>...}, the JVM's own OOME dump included. */
    boolean own(String name) {
        String base = base(name);
        return base.startsWith(server + "-") && VIGIL_REST.matcher(base.substring(server.length() + 1)).matches();
    }

    /**
     * Deletes files a process left half-written when it died (they carry its pid); never those of a live process,
     * which may still be writing them. A pid is reused (in a container every run is pid 1), so a part also counts as
     * abandoned when the process that has its pid now started after the part was last written.
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
                if (isDump(name) && matcher.matches() && abandoned(Long.parseLong(matcher.group(2)), modified(file))) {
                    Files.deleteIfExists(file);
                    deleted.add(file.getFileName().toString());
                }
            }
        }
        return deleted;
    }

    /** Whether no process with the pid can still be writing a part last modified then. */
    private static boolean abandoned(long pid, Instant modified) {
        if (pid == ProcessHandle.current().pid()) {
            // This JVM writes its parts after it started; the JVM's start time is exact.
            return modified.isBefore(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return true;
        }
        // Another process's start time is known to about a second (Linux counts from the boot time in whole seconds).
        Optional<Instant> started = process.get().info().startInstant();
        return started.isPresent() && modified.isBefore(started.get().minus(START_TIME_SLACK));
    }

    Path part(String fileName) {
        return directory.resolve(PART + fileName);
    }

    Path resolve(String fileName) {
        return directory.resolve(fileName);
    }

    private List<String> deleteGroup(String base) throws IOException {
        List<String> deleted = new ArrayList<>();
        List<String> suffixes = new ArrayList<>(List.of(RAW, GZIP));
        suffixes.addAll(COMPANIONS);
        for (String suffix : suffixes) {
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
        for (String suffix : SUFFIXES_LONGEST_FIRST) { // .report.json before .json
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

    /** Creates a file that must not exist yet (a part), owner-only, never through a link. */
    static OutputStream createNew(Path part) throws IOException {
        return Channels.newOutputStream(Files.newByteChannel(part, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                posix(OWNER_ONLY_FILE)));
    }

    /** Makes a finished file owner-only where the file system knows POSIX permissions. */
    static void ownerOnly(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            view.setPermissions(OWNER_ONLY_FILE); // a link in its place is refused (ELOOP), never followed to its target
        }
    }

    /** A small file's text, never through a link. */
    static String readString(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Opens a file to read or stream it; a symbolic link in its place is refused, not followed. */
    public static InputStream open(Path file) throws IOException {
        return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
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
