package dev.vigil.dump;

import java.time.Instant;

/**
 * A dump Vigil wrote.
 *
 * @param file            its name in the dump directory
 * @param trigger         manual, or the watermark move that asked for it (heap-critical)
 * @param requestedBy     who asked: the management operation, JMX, or the watermark
 * @param durationMillis  from the start of the dump to the file's rename, compression included
 */
public record HeapDump(String file, String trigger, String requestedBy, Instant started, long durationMillis, long sizeBytes,
                       boolean live, boolean compressed) {
}
