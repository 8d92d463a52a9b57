package dev.vigil.analyzer.report;

/**
 * The GC roots of one kind.
 *
 * @param kind          as HPROF names them, in words: {@code thread object}, {@code java frame} (a stack local),
 *                      {@code JNI global}, {@code JNI local}, {@code native stack}, {@code sticky class},
 *                      {@code thread block}, {@code monitor used}, {@code unknown}
 * @param roots         how many roots of that kind
 * @param retainedBytes what roots of this kind alone keep alive (objects no root of another kind reaches)
 */
public record GcRootRow(String kind, long roots, long retainedBytes) {
}
