package dev.vigil.dump;

/** What list-dumps says of a dump's report: the values of its {@code analysis} field. */
final class AnalysisState {
    /** NAME.report.html and NAME.report.json are there. */
    static final String DONE = "done";
    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    /** No report, and NAME.analyzer.log says why (no memory, timed out, failed). */
    static final String FAILED = "failed";
    /** No report and none coming (analyze=false, or a dump from before). */
    static final String NONE = "none";

    private AnalysisState() {
    }
}
