package dev.vigil.analyzer.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import dev.vigil.analyzer.ReportFiles;

/**
 * Writes {@code BASE.report.json} and {@code BASE.report.html} into a directory the way Vigil writes its own files:
 * each first under a hidden name ({@code .BASE.report.json}) created new, never through a link, owner-only, then
 * renamed onto its name at once. A reader never sees half a report, and a symbolic link someone planted at a report's
 * name is replaced by the rename, never written through.
 */
public final class ReportWriter {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    /** Where the reports went. */
    public record Written(Path json, Path html) {
    }

    private ReportWriter() {
    }

    /** The base the reports of this dump are named by: {@code BASE} of {@code BASE.hprof(.gz)}, else the whole name. */
    public static String base(String dumpName) {
        String base = ReportFiles.base(dumpName);
        return base == null || base.isEmpty() ? dumpName : base;
    }

    public static Written write(Report report, Path directory) throws IOException {
        if (Files.isSymbolicLink(directory)) {
            throw new IOException("refusing to write reports into " + directory + ": it is a symbolic link (give the directory it points to)");
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot write reports into " + directory + ": not a directory");
        }
        String base = base(report.dump());
        Path json = directory.resolve(base + ReportFiles.REPORT_JSON);
        Path html = directory.resolve(base + ReportFiles.REPORT_HTML);
        Path jsonPart = part(json);
        Path htmlPart = part(html);
        try {
            writeNew(jsonPart, JsonReport.render(report));
            writeNew(htmlPart, HtmlReport.render(report));
            // both parts complete before either name appears, so the two reports show up together
            Files.move(jsonPart, json, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(htmlPart, html, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            // only left behind on failure; deleteIfExists removes a link itself, never its target
            Files.deleteIfExists(jsonPart);
            Files.deleteIfExists(htmlPart);
        }
        return new Written(json, html);
    }

    private static Path part(Path file) {
        return file.resolveSibling(ReportFiles.PART + file.getFileName());
    }

    /**
     * Creates the file new (a stale part of a killed run removed first), owner-only from its creation where POSIX: the
     * umask can only narrow that mode, and no other process ever sees the file readable.
     */
    private static void writeNew(Path part, String content) throws IOException {
        Files.deleteIfExists(part);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) } : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(part, CREATE_NEW, attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
