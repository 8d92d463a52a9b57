package dev.vigil.dump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.management.JMException;

import org.jboss.dmr.ModelNode;

import dev.vigil.VigilLogger;
import dev.vigil.action.Action;
import dev.vigil.action.ActionRequest;
import dev.vigil.evidence.EvidenceNotes;
import dev.vigil.evidence.HistogramSnapshot;
import dev.vigil.evidence.HistogramSource;
import dev.vigil.format.Bytes;

/**
 * The server's heap dumps: the {@link HeapDumper}, its MBean, the JVM's own dump on OutOfMemoryError, and the
 * watermark actions {@code histogram} and {@code dump-heap}. Started and stopped by the subsystem's service for
 * {@code /subsystem=vigil/service=heap-dumps}.
 */
public final class HeapDumpService implements HeapDumper.Listener, DumpAnalyzer.Listener, HistogramSource, EvidenceNotes {

    /**
     * A histogram taken for a cause (a watermark move), kept so that a dump for the same cause is written beside it,
     * and every class of it, so that the leak suspects of the same cause need no second histogram.
     */
    private record Taken(ActionRequest cause, ClassHistogram histogram, HistogramSnapshot all) {
    }

    /** What the other actions of a cause asked to put in its dump's note (the suspects). */
    private record Notes(ActionRequest cause, ModelNode notes) {
    }

    private final HeapDumper dumper;
    private final DumpAnalyzer analyzer;
    private final HeapDumpsMXBeanImpl mbean;
    private final OutOfMemoryDumpFlags flags = new OutOfMemoryDumpFlags();
    private volatile Taken lastHistogram;
    private volatile Notes lastNotes;
    private final AtomicLong histogramsTaken = new AtomicLong();

    /**
     * @param server     the server's name, first part of every file name
     * @param watermarks the watermarks' states and numbers, written into each dump's metadata
     */
    public HeapDumpService(String server, HeapDumpSettings settings, Supplier<ModelNode> watermarks) {
        this.dumper = new HeapDumper(server, settings, this, watermarks);
        this.analyzer = new DumpAnalyzer(() -> dumper.settings().analyzer(), this);
        this.mbean = new HeapDumpsMXBeanImpl(this);
    }

    public HeapDumper dumper() {
        return dumper;
    }

    /**
     * For the health check: the last dump (file, trigger, time) or undefined, whether a dump is being written now, and
     * which (requested-by, since, file).
     */
    public ModelNode standing() {
        ModelNode node = new ModelNode();
        HeapDump last = dumper.lastDump();
        ModelNode lastDump = node.get("last-dump");
        if (last != null) {
            lastDump.get("file").set(last.file());
            lastDump.get("trigger").set(last.trigger());
            lastDump.get("time").set(last.started().toString());
        }
        HeapDumper.InProgress now = dumper.inProgress();
        node.get("dump-in-progress").set(now != null);
        ModelNode inProgress = node.get("in-progress");
        if (now != null) {
            inProgress.get("requested-by").set(now.requestedBy());
            inProgress.get("since").set(now.since().toString());
            inProgress.get("file").set(now.file());
        }
        return node;
    }

    /** Histograms the {@code histogram} action took since the server started: each a full collection when live. */
    public long histogramsTaken() {
        return histogramsTaken.get();
    }

    /**
     * Whether a triggered action may run now; one within its cooldown is skipped with one INFO line saying when it may
     * run again.
     */
    public boolean admit(Action action, ActionRequest cause) {
        try {
            dumper.admit(action.toString(), DumpRequest.of(cause));
            return true;
        } catch (HeapDumpException e) {
            VigilLogger.ROOT_LOGGER.actionSkipped(action.toString(), cause.requestedBy(), e.getMessage());
            return false;
        }
    }

    public void start() {
        try {
            mbean.register();
        } catch (JMException e) {
            VigilLogger.ROOT_LOGGER.dumpMBeanNotRegistered(HeapDumpsMXBeanImpl.OBJECT_NAME.toString(), e);
        }
        HeapDumpSettings settings = dumper.settings();
        VigilLogger.ROOT_LOGGER.heapDumpsStarted(settings.directory().toString(), settings.live(), settings.compress(), settings.maxDumps(),
                settings.cooldown().toSeconds(), Bytes.format(settings.minFreeSpace()), settings.onOutOfMemory());
        try {
            List<String> abandoned = dumper.directory().removeAbandonedParts();
            if (!abandoned.isEmpty()) {
                VigilLogger.ROOT_LOGGER.abandonedPartsDeleted(settings.directory().toString(), abandoned);
            }
        } catch (IOException e) {
            // nothing to clean, or not readable: the next dump reports the directory's problem
        }
        applyOutOfMemoryFlags(settings);
        if (settings.analyzer().analyze()) {
            analyseOutOfMemoryDumps();
        }
    }

    public void stop() {
        analyzer.close();
        restoreOutOfMemoryFlags();
        mbean.unregister();
    }

    /** A dump the JVM wrote on OutOfMemoryError was never analysed (the server died): its report is made now. */
    private void analyseOutOfMemoryDumps() {
        try {
            for (DumpFile dump : dumper.directory().dumps()) {
                if (dump.trigger().equals(DumpDirectory.OUT_OF_MEMORY) && AnalysisState.NONE.equals(dump.analysis())) {
                    VigilLogger.ROOT_LOGGER.outOfMemoryDumpFound(dump.name());
                    analyzer.submit(dumper.directory().resolve(dump.name()));
                }
            }
        } catch (IOException e) {
            // not readable: the next dump reports the directory's problem
        }
    }

    /** Applies new settings at once: the next dump goes to the new directory with the new rules. */
    public void reconfigure(HeapDumpSettings settings) {
        dumper.reconfigure(settings);
        applyOutOfMemoryFlags(settings);
    }

    /**
     * A dump someone asked for through {@code via} (the operation, the MBean); refused (not queued) while another is
     * written or within min-interval. The log line and the dump's note name the caller.
     */
    public HeapDump dumpHeap(Caller caller, String via, boolean live, boolean compress) throws HeapDumpException {
        return dumper.dump(DumpRequest.manual(caller, via, Instant.now()), live, compress, null);
    }

    /** Refuses a dump someone asks for that could not be written now (busy, min-interval, disk), before it is begun. */
    public void refuseDumpHeap(Caller caller, String via, boolean compress) throws HeapDumpException {
        dumper.refuseManual(DumpRequest.manual(caller, via, Instant.now()), compress);
    }

    /** The {@code histogram} action: logs the top classes and writes the top 50 into the dump directory. */
    public void histogramAction(ActionRequest cause) throws JMException {
        DumpRequest request = DumpRequest.of(cause);
        boolean live = dumper.settings().live();
        Instant time = Instant.now();
        String text = ClassHistogram.text(live);
        ClassHistogram histogram = ClassHistogram.parse(text, time, live);
        histogramsTaken.incrementAndGet();
        lastHistogram = new Taken(cause, histogram, ClassHistogram.snapshot(text, time, live));
        String file;
        try {
            file = dumper.writeHistogram(request, histogram);
        } catch (HeapDumpException e) {
            file = "not written: " + e.getMessage();
        }
        VigilLogger.ROOT_LOGGER.histogram(request.requestedBy(), Math.min(ClassHistogram.SHORT, histogram.entries().size()),
                (histogram.live() ? "live objects, " : "all objects, ") + Bytes.format(histogram.totalBytes()) + " in all", file,
                histogram.table(ClassHistogram.SHORT));
    }

    /**
     * The {@code dump-heap} action: a dump unless one is being written or the cooldown holds it back (both logged);
     * written beside the histogram taken for the same cause, if any.
     */
    public void dumpAction(ActionRequest cause) {
        DumpRequest request = DumpRequest.of(cause);
        Taken taken = lastHistogram;
        ClassHistogram histogram = taken != null && taken.cause().equals(cause) ? taken.histogram() : null;
        Notes notes = lastNotes;
        ModelNode extra = notes != null && notes.cause().equals(cause) ? notes.notes() : new ModelNode();
        HeapDumpSettings settings = dumper.settings();
        try {
            dumper.dump(request, settings.live(), settings.compress(), histogram, extra);
        } catch (HeapDumpException e) {
            if (e.reason() == HeapDumpException.Reason.BUSY || e.reason() == HeapDumpException.Reason.COOLDOWN
                    || e.reason() == HeapDumpException.Reason.INTERVAL) {
                VigilLogger.ROOT_LOGGER.dumpSkipped(request.requestedBy(), e.getMessage());
            } // failures were logged by failed()
        }
    }

    /** The {@code thread-census} action's census, written beside the dump taken for the same cause (if any). */
    public void writeCensus(ActionRequest cause, String census) {
        try {
            dumper.writeCompanion(DumpRequest.of(cause), DumpDirectory.THREADS, census);
        } catch (HeapDumpException e) {
            VigilLogger.ROOT_LOGGER.dumpNotWritten(cause.requestedBy(), e.getMessage());
        }
    }

    @Override
    public HistogramSnapshot take(boolean live) throws JMException {
        Instant time = Instant.now();
        return ClassHistogram.snapshot(ClassHistogram.text(live), time, live);
    }

    @Override
    public HistogramSnapshot takenFor(ActionRequest cause) {
        Taken taken = lastHistogram;
        return taken != null && taken.cause().equals(cause) ? taken.all() : null;
    }

    @Override
    public boolean live() {
        return dumper.settings().live();
    }

    @Override
    public String writeCompanion(ActionRequest cause, String suffix, String text) {
        try {
            return dumper.writeCompanion(DumpRequest.of(cause), suffix, text);
        } catch (HeapDumpException e) {
            VigilLogger.ROOT_LOGGER.dumpNotWritten(cause.requestedBy(), e.getMessage());
            return "not written: " + e.getMessage();
        }
    }

    @Override
    public synchronized void addToNote(ActionRequest cause, String key, ModelNode value) {
        Notes notes = lastNotes;
        ModelNode node = notes != null && notes.cause().equals(cause) ? notes.notes().clone() : new ModelNode();
        node.get(key).set(value);
        lastNotes = new Notes(cause, node);
    }

    /** The directory's files; a heap dump's analysis as the analyzer knows it now (queued, running) when it is at work on it. */
    public List<DumpFile> list() throws IOException {
        List<DumpFile> files = new java.util.ArrayList<>();
        for (DumpFile file : dumper.directory().list()) {
            String state = file.kind().equals(DumpDirectory.KIND_HEAP_DUMP) ? analyzer.state(dumper.directory().resolve(file.name())) : null;
            files.add(state != null ? file.analysis(state) : file);
        }
        return files;
    }

    /** Deletes a listed dump with its companions; the log line names who asked. */
    public List<String> delete(String name, Caller caller, String via) throws HeapDumpException, IOException {
        List<String> deleted = dumper.directory().delete(name);
        VigilLogger.ROOT_LOGGER.dumpDeleted(deleted, via + " by " + caller);
        return deleted;
    }

    /** A listed file or a listed dump's companion, to be streamed to a client. */
    public Path file(String name) throws HeapDumpException, IOException {
        return dumper.directory().readable(name);
    }

    /** Opens a listed file or a listed dump's companion to stream it to a client (never through a link); the log line names who asked. */
    public InputStream download(String name, Caller caller, String via) throws HeapDumpException, IOException {
        InputStream stream = DumpDirectory.open(file(name));
        VigilLogger.ROOT_LOGGER.dumpDownloaded(name, via + " by " + caller);
        return stream;
    }

    @Override
    public void written(HeapDump dump) {
        VigilLogger.ROOT_LOGGER.dumpWritten(dump.file(), Bytes.format(dump.sizeBytes()), dump.durationMillis(), dump.live() ? "live" : "all",
                dump.requestedBy());
        mbean.written(dump);
        if (dumper.settings().analyzer().analyze()) {
            analyzer.submit(dumper.directory().resolve(dump.file()));
        }
    }

    @Override
    public void started(Path dump, long pid, AnalyzerSettings settings) {
        VigilLogger.ROOT_LOGGER.analysisStarted(dump.getFileName().toString(), pid, Bytes.format(settings.maxHeap()), settings.timeout().toSeconds());
    }

    @Override
    public void analysed(Path dump, Path htmlReport, String suspect, long millis) {
        String said = suspect != null ? suspect : "(the report's JSON could not be read)";
        VigilLogger.ROOT_LOGGER.dumpAnalysed(dump.getFileName().toString(), Math.round(millis / 1000.0), htmlReport.getFileName().toString(), said);
        mbean.analysed(dump.getFileName().toString(), htmlReport.getFileName().toString(), said);
    }

    @Override
    public void notAnalysed(Path dump, String message) {
        VigilLogger.ROOT_LOGGER.warn(message); // the message carries its own id
    }

    @Override
    public void failed(DumpRequest request, HeapDumpException.Reason reason, String message) {
        if (reason == HeapDumpException.Reason.DISK) {
            VigilLogger.ROOT_LOGGER.dumpRefused(request.requestedBy(), message); // the server is fine; the disk is not
        } else {
            VigilLogger.ROOT_LOGGER.dumpNotWritten(request.requestedBy(), message);
        }
        mbean.failed(request, message);
    }

    private void applyOutOfMemoryFlags(HeapDumpSettings settings) {
        if (!settings.onOutOfMemory()) {
            restoreOutOfMemoryFlags();
            return;
        }
        try {
            dumper.directory().prepare(); // the JVM does not create it, and writes nothing if it is missing
            java.util.Map<String, String> before = flags.current();
            java.nio.file.Path file = dumper.outOfMemoryFile(settings.compress());
            if (flags.apply(file, settings.compress())) {
                VigilLogger.ROOT_LOGGER.outOfMemoryDumpOn(file.toString(), before);
            }
        } catch (HeapDumpException | RuntimeException e) {
            VigilLogger.ROOT_LOGGER.outOfMemoryDumpNotSet(settings.directory().toString(), e);
        }
    }

    private void restoreOutOfMemoryFlags() {
        if (flags.restore()) {
            VigilLogger.ROOT_LOGGER.outOfMemoryDumpRestored(flags.current());
        }
    }
}
