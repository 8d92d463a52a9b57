package dev.vigil.guard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code vigil.lock} in one directory, held with an OS file lock for as long as this server runs. The OS releases the
 * lock when the process ends, however it ends, so a file left behind by a dead server never counts: only a live lock
 * does. The holder writes who it is into the file; a process that finds the lock taken only reads it.
 * <p>
 * On Linux and macOS the lock is a POSIX record lock, which the JVM holds per process: closing any other channel this
 * JVM opened on the file would drop it, so the file is read only through the channel that holds the lock.
 */
public final class DirectoryLock implements AutoCloseable {

    public static final String FILE = "vigil.lock";
    /** More than any real lock file: a larger one is not read. */
    private static final int MAX_BYTES = 64 * 1024;
    /** The file keys of the lock files this JVM holds: opening and closing another channel on one would drop its lock. */
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();

    /** The outcome of a claim: the lock is ours, or the process that holds it (null if it does not say). */
    public sealed interface Claim permits Held, Taken {
    }

    public record Held(DirectoryLock lock) implements Claim {
    }

    public record Taken(Path file, InstanceInfo holder) implements Claim {
    }

    private final Path directory;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Object fileKey;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock, Object fileKey) {
        this.directory = directory;
        this.file = directory.resolve(FILE);
        this.channel = channel;
        this.lock = lock;
        this.fileKey = fileKey;
    }

    /**
     * Locks {@code vigil.lock} in the directory and writes {@code me} into it, or, if another process holds it, reads
     * who. Never truncates or writes a file whose lock it did not get.
     *
     * @throws IOException the directory cannot hold the lock file (missing, not a directory, not writable, a symbolic link as the file)
     */
    public static Claim claim(Path directory, InstanceInfo me) throws IOException {
        String problem = unusable(directory);
        if (problem != null) {
            throw new IOException(problem);
        }
        Path file = directory.resolve(FILE);
        if (heldHere(file)) {
            throw new IOException("this server already holds its lock under another name");
        }
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), ownerOnly(directory));
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                throw new IOException("this server already holds its lock under another name", e);
            }
            if (lock == null) {
                String text = read(channel);
                channel.close();
                return new Taken(file, InstanceInfo.parse(text));
            }
            ownerOnlyIfOwn(file); // a lock file an older Vigil (or umask) left readable by others
            channel.truncate(0);
            // not forced to disk: the lock is what counts, and the OS holds it; the text only explains it
            channel.write(ByteBuffer.wrap(me.format().getBytes(StandardCharsets.UTF_8)), 0);
            Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (key != null) {
                HELD.add(key);
            }
            return new Held(new DirectoryLock(directory, channel, lock, key));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Creates files owner-only (0600) where the file system knows POSIX modes: a lock or a trace names pids, paths and ports. */
    static FileAttribute<?>[] ownerOnly(Path directory) {
        return Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null
                ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) }
                : new FileAttribute<?>[0];
    }

    /** A small file's text, never read through a link. */
    static String readNoFollow(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Makes the locked file owner-only; one of another user's is left as it is. By path (chmod), not through a
     * descriptor: closing any descriptor of the file would drop this process's POSIX lock. The file was opened without
     * following links; one put in its place since is not followed either.
     */
    private static void ownerOnlyIfOwn(Path file) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isRegularFile() && !attributes.permissions().equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException notOurs) {
            // another user's lock file: the lock still holds; its mode is that user's to fix
        }
    }

    private static boolean heldHere(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return key != null && HELD.contains(key);
        } catch (IOException e) {
            return false; // no file yet
        }
    }

    /** Why the text cannot name a lock directory at all, whatever the disk holds, or null: it must be an absolute path. */
    public static String invalidPath(String dir) {
        try {
            return Path.of(dir).isAbsolute() ? null : "it is not an absolute path";
        } catch (InvalidPathException e) {
            return "it is not a valid path (" + e.getReason() + ")"; // a NUL character, say
        }
    }

    /** Why the directory cannot hold a lock file, or null if it can. */
    public static String unusable(Path directory) {
        if (!directory.isAbsolute()) {
            return "it is not an absolute path";
        }
        if (!Files.isDirectory(directory)) {
            return Files.exists(directory) ? "it is not a directory" : "it does not exist";
        }
        if (!Files.isWritable(directory)) {
            return "it is not writable";
        }
        return null;
    }

    private static String read(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), MAX_BYTES);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read on
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    public Path directory() {
        return directory;
    }

    public Path file() {
        return file;
    }

    /** Writes who holds the lock again (e.g. once the ports are known). */
    void rewrite(InstanceInfo me) {
        try {
            byte[] bytes = me.format().getBytes(StandardCharsets.UTF_8);
            ownerOnlyIfOwn(file); // a lock file an older Vigil (or umask) left readable by others
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(bytes), 0);
        } catch (IOException e) {
            // the lock still holds; the file says a little less
        }
    }

    /** Null while the lock file is the one locked; else what happened to it: deleted, or replaced by another file. */
    public String lost() {
        if (!lock.isValid()) {
            return "released";
        }
        try {
            Object now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return Objects.equals(now, fileKey) ? null : "replaced by another file";
        } catch (IOException e) {
            return "deleted";
        }
    }

    /** Releases the lock; the file stays, naming this server, and counts for nothing once released. */
    @Override
    public void close() {
        try {
            channel.close(); // releases the lock
        } catch (IOException e) {
            // the OS releases it at the latest when the process ends
        }
        if (fileKey != null) {
            HELD.remove(fileKey);
        }
    }
}
