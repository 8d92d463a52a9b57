package dev.vigil.analyzer;

import java.io.IOException;
import java.nio.file.Path;

import dev.vigil.analyzer.report.Report;

/** Reads one HPROF heap dump (raw or gzip) and says who keeps its heap alive. */
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
