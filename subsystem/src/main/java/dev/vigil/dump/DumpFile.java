package dev.vigil.dump;

import java.time.Instant;

/**
 * A heap dump lying in the dump directory: one Vigil wrote, or the JVM's own after an OutOfMemoryError.
 *
 * @param trigger what caused it, read from the name: manual, a watermark move such as heap-critical, out-of-memory
 */
public record DumpFile(String name, long sizeBytes, Instant modified, String trigger) {
}
