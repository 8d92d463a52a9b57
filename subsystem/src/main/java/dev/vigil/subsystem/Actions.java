package dev.vigil.subsystem;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.management.JMException;

import org.jboss.dmr.ModelNode;

import dev.vigil.VigilLogger;
import dev.vigil.census.GroupBy;
import dev.vigil.census.OriginCount;
import dev.vigil.census.ThreadCensusResourceRegistrar;
import dev.vigil.dump.DumpDirectory;
import dev.vigil.dump.DumpRequest;
import dev.vigil.dump.HeapDumpException;
import dev.vigil.dump.HeapDumpService;
import dev.vigil.dump.HeapDumpsResourceRegistrar;
import dev.vigil.watermark.WatermarkAction;

/**
 * The actions a watermark move or an origin warning runs (histogram, dump-heap, thread-census), each carried out by
 * the capability that brings it. One cause (a move, a warning) gives one request, so the histogram, the thread census
 * and the dump it asks for share a name in the dump directory. Each action has a cooldown (heap-dumps' cooldown,
 * kept per action): a watermark that moves into CRITICAL again and again runs its forced GCs and dumps once per cooldown.
 */
final class Actions {

    private final HeapDumpsResourceRegistrar dumps;
    private final Supplier<ThreadCensusResourceRegistrar> census;

    Actions(HeapDumpsResourceRegistrar dumps, Supplier<ThreadCensusResourceRegistrar> census) {
        this.dumps = dumps;
        this.census = census;
    }

    /**
     * Runs one action for a cause.
     *
     * @param cause  the move or warning: actions for the same cause share a histogram and a name
     * @param source who asks, for the messages: the watermark's name, or the thread census
     */
    void run(WatermarkAction action, Object cause, DumpRequest request, String source) {
        switch (action) {
            case HISTOGRAM:
                dumps.ifRunning(service -> {
                    if (!service.admit(action.toString(), request)) {
                        return; // a live histogram is a full GC: no more than one per cooldown
                    }
                    try {
                        service.histogramAction(cause, request);
                    } catch (JMException e) {
                        throw new IllegalStateException("the JVM's DiagnosticCommand MBean gave no class histogram: " + e, e);
                    }
                }, () -> VigilLogger.ROOT_LOGGER.dumpsNotConfigured(source, action.toString()));
                break;
            case DUMP_HEAP:
                // its cooldown runs from the dump's end, so the dumper keeps it
                dumps.ifRunning(service -> service.dumpAction(cause, request),
                        () -> VigilLogger.ROOT_LOGGER.dumpsNotConfigured(source, action.toString()));
                break;
            case THREAD_CENSUS:
                census.get().ifRunning(service -> {
                    HeapDumpService dumpService = dumps.service();
                    // The cooldowns are heap-dumps' (its cooldown attribute); without heap-dumps the census is logged only, each time.
                    if (dumpService != null && !dumpService.admit(action.toString(), request)) {
                        return;
                    }
                    String text = service.snapshot(request.requestedBy());
                    if (dumpService != null) {
                        try {
                            dumpService.dumper().writeCompanion(request, DumpDirectory.THREADS, text);
                        } catch (HeapDumpException e) {
                            VigilLogger.ROOT_LOGGER.dumpNotWritten(request.requestedBy(), e.getMessage());
                        }
                    }
                }, () -> VigilLogger.ROOT_LOGGER.censusNotConfigured(source));
                break;
            default:
                // notify: the log line and the notification, which every cause gets anyway
        }
    }

    /** An origin passed origin-warning: its configured actions, as one cause named threads-<group>. */
    void onOriginWarning(List<WatermarkAction> actions, GroupBy group, OriginCount origin) {
        ModelNode details = new ModelNode();
        details.get("group").set(group.toString());
        details.get("origin").set(origin.origin());
        details.get("count").set(origin.count());
        DumpRequest request = new DumpRequest("threads-" + group.toString().toLowerCase(Locale.ROOT), "the origin warning for " + origin.count()
                + " threads of " + group + " " + origin.origin(), true, java.time.Instant.now(), details);
        for (WatermarkAction action : actions) {
            try {
                run(action, origin, request, "thread census");
            } catch (RuntimeException | LinkageError e) {
                VigilLogger.ROOT_LOGGER.censusActionFailed(action.toString(), "an origin warning", e);
            }
        }
    }
}
