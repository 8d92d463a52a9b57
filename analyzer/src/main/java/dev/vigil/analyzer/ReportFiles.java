package dev.vigil.analyzer;

/**
 * The names of what the analyzer writes beside a dump {@code BASE.hprof} or {@code BASE.hprof.gz}, and of the census
 * companion it reads. Vigil's dump directory lists, serves and deletes them by these suffixes.
 */
public final class ReportFiles {

    public static final String RAW = ".hprof";
    public static final String GZIP = ".hprof.gz";
    public static final String REPORT_HTML = ".report.html";
    public static final String REPORT_JSON = ".report.json";
    /** The analyzer's own output (progress, errors) when Vigil runs it. */
    public static final String ANALYZER_LOG = ".analyzer.log";
    /** The thread census Vigil writes beside a dump; its per-thread section names each thread's creator. */
    public static final String THREADS = ".threads.txt";
    /** Files being written start with a dot, as Vigil's own parts do: never listed, moved into place when complete. */
    public static final String PART = ".";

    /**
     * The census companion's per-thread section starts with this line; each line after it is
     * {@code id TAB entry TAB creator TAB deployment TAB name}, the id being {@code Thread.getId()} (the {@code tid}
     * field in the dump).
     */
    public static final String THREADS_SECTION = "threads (id, entry, creator, deployment, name), tab-separated:";

    private ReportFiles() {
    }

    /** The dump's name without {@code .hprof} or {@code .hprof.gz}: what its companions share; null if it is no dump name. */
    public static String base(String dumpName) {
        if (dumpName.endsWith(GZIP)) {
            return dumpName.substring(0, dumpName.length() - GZIP.length());
        }
        if (dumpName.endsWith(RAW)) {
            return dumpName.substring(0, dumpName.length() - RAW.length());
        }
        return null;
    }
}
