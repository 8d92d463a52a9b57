package dev.vigil.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.netbeans.lib.profiler.heap.HeapFactory;
import org.netbeans.lib.profiler.heap.JavaClass;

/**
 * Reads heap dumps with a real HPROF parser: the heap walker of the NetBeans profiler library
 * ({@code org.netbeans.modules:org-netbeans-lib-profiler}), the one VisualVM is built on. It is plain Java with no
 * dependencies of its own and reads the dumps JDK 17 writes; a dump it opens is one other tools can open too.
 */
final class Hprof {

    private Hprof() {
    }

    /**
     * How many instances of the class with this binary name ({@code a.B$1}) the dump holds, summed over every class
     * loader that defined such a class. A {@code .gz} dump is first unpacked into a temporary file in java.io.tmpdir.
     *
     * @throws IOException if the file cannot be read or is not a whole HPROF heap dump
     */
    static long instancesOf(Path dump, String className) throws IOException {
        if (!dump.getFileName().toString().endsWith(".gz")) {
            return instancesIn(dump, dump, className);
        }
        Path raw = Files.createTempFile("vigil-dump-", ".hprof");
        try {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(dump))) {
                Files.copy(in, raw, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IOException(dump + " does not gunzip: " + e, e);
            }
            return instancesIn(raw, dump, className);
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    private static long instancesIn(Path file, Path dump, String className) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException(dump + ": " + size + " bytes unpacked, more than this helper maps (2 GiB)");
            }
            // Mapped rather than HeapFactory.createHeap(File): that one keeps its index in <dump>.nbcache beside the
            // dump and trusts it the next time, even for a new dump written since under the same name.
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            List<?> classes; // the library's API predates generics: a list of JavaClass
            try {
                classes = HeapFactory.createHeap(bytes, 0).getAllClasses();
            } catch (IOException | RuntimeException e) {
                throw new IOException(dump + " is not a valid HPROF heap dump: " + e, e);
            }
            // The parser takes a dump cut short at a record boundary without a word, and counts fewer objects; a whole
            // dump ends with an empty HEAP_DUMP_END record (tag 0x2C), and holds classes.
            boolean ended = size >= 9 && bytes.get((int) size - 9) == 0x2C && bytes.getInt((int) size - 4) == 0;
            if (!ended || classes.isEmpty()) {
                throw new IOException(dump + " is not a whole HPROF heap dump: it does not end with HEAP_DUMP_END"
                        + " or holds no classes (cut short?)");
            }
            try {
                return classes.stream().map(JavaClass.class::cast).filter(c -> c.getName().equals(className))
                        .mapToLong(JavaClass::getInstancesCount).sum();
            } catch (RuntimeException e) {
                throw new IOException(dump + " is not a valid HPROF heap dump: " + e, e);
            }
        }
    }
}
