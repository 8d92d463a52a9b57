package dev.vigil.evidence;

/** One row of a class histogram: a class (readable name, {@code byte[]}), its instances and their shallow bytes. */
public record ClassCount(String className, long instances, long bytes) {
}
