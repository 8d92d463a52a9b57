package dev.vigil.analyzer;

import java.io.IOException;
import java.nio.file.Path;

import dev.vigil.analyzer.report.Report;

/**
 * Reads one HPROF heap dump (raw or gzip) and says who keeps its heap alive.
 * <p>
 * How: two passes over the dump build a compact graph ({@link dev.vigil.analyzer.hprof.HeapGraph}, sizes by
 * {@link dev.vigil.analyzer.hprof.SizeModel}); a third decodes the threads and class loaders. A super-root points at
 * one node per thread origin (which points at its threads' Thread objects and stack locals) and at every other GC
 * root; on that graph come shortest paths and the dominator tree, then the tables. A fourth pass decodes the objects
 * on the suspects' paths, for their field names.
 * <p>
 * Suspects: each thread origin keeping at least 10 % of the heap; and each object keeping at least 10 %, plus the ten
 * keeping most, each moved to where its heap accumulates: down the dominator tree while one dominated child keeps at
 * least 80 % of it, and from an array to the object owning it (so a static map's leak is the HashMap, not the class
 * loader above it nor the table below it; a class's static array is the class). A Thread object is not listed when its
 * origin is.
 */
public final class Analyzer {

    private Analyzer() {
    }

    /**
     * @param dump    an HPROF file, raw or gzip (told by its first bytes, not its name)
     * @param threads the census companion ({@code NAME.threads.txt}) naming each thread's creator; null if none
     */
    public static Report analyze(Path dump, Path threads, Progress progress) throws IOException {
        return new Analysis(dump, threads, progress == null ? Progress.NONE : progress).run();
    }
}
