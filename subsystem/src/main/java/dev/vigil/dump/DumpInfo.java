package dev.vigil.dump;

import java.beans.ConstructorProperties;

/** A dump as JMX shows it (CompositeData with these fields). */
public final class DumpInfo {

    private final String file;
    private final String kind;
    private final String trigger;
    private final String started;
    private final long durationMs;
    private final long sizeBytes;
    private final String analysis;
    private final String report;
    private final String suspect;

    @ConstructorProperties({ "file", "kind", "trigger", "started", "durationMs", "sizeBytes", "analysis", "report", "suspect" })
    public DumpInfo(String file, String kind, String trigger, String started, long durationMs, long sizeBytes, String analysis, String report,
            String suspect) {
        this.file = file;
        this.kind = kind;
        this.trigger = trigger;
        this.started = started;
        this.durationMs = durationMs;
        this.sizeBytes = sizeBytes;
        this.analysis = analysis;
        this.report = report;
        this.suspect = suspect;
    }

    static DumpInfo of(HeapDump dump) {
        return new DumpInfo(dump.file(), DumpDirectory.KIND_HEAP_DUMP, dump.trigger(), dump.started().toString(), dump.durationMillis(), dump.sizeBytes(), null, null,
                null);
    }

    /** A dump found in the directory, as its metadata (or, without any, its file) tells. */
    static DumpInfo of(DumpFile dump) {
        return new DumpInfo(dump.name(), dump.kind(), dump.trigger(), dump.started().toString(), dump.durationMillis(), dump.sizeBytes(), dump.analysis(),
                dump.report(), dump.suspect());
    }

    public String getFile() {
        return file;
    }

    /** heap-dump, histogram or threads. */
    public String getKind() {
        return kind;
    }

    public String getTrigger() {
        return trigger;
    }

    /** ISO-8601, UTC. */
    public String getStarted() {
        return started;
    }

    /** -1 if not known (a dump this server did not write). */
    public long getDurationMs() {
        return durationMs;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    /** A heap dump's report: done, queued, running, failed (NAME.analyzer.log says why) or none; null for other kinds. */
    public String getAnalysis() {
        return analysis;
    }

    /** NAME.report.html when the report is done, else null. */
    public String getReport() {
        return report;
    }

    /** Suspect 1's sentence when the report is done, else null. */
    public String getSuspect() {
        return suspect;
    }
}
