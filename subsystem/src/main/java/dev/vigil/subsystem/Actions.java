package dev.vigil.subsystem;

import java.util.function.Supplier;

import javax.management.JMException;

import dev.vigil.VigilLogger;
import dev.vigil.action.Action;
import dev.vigil.action.ActionRequest;
import dev.vigil.action.ActionRunner;
import dev.vigil.census.ThreadCensusService;
import dev.vigil.dump.HeapDumpService;
import dev.vigil.suspect.LeakSuspectsService;

/**
 * The actions a watermark move or an origin warning runs (histogram, dump-heap, thread-census, leak-suspects, suspend), each carried out by
 * the capability that brings it. One cause (a move, a warning) gives one request, so the histogram, the thread census
 * and the dump it asks for share a name in the dump directory. Each action has a cooldown (heap-dumps' cooldown,
 * kept per action): a watermark that moves into CRITICAL again and again runs its forced GCs and dumps once per cooldown.
 */
final class Actions implements ActionRunner {

    private final Supplier<HeapDumpService> dumps;
    private final Supplier<ThreadCensusService> census;
    private final Supplier<LeakSuspectsService> suspects;
    private final ServerSuspension suspension;

    /**
     * Each supplier gives the capability's running service, or null when it is not configured or not running.
     *
     * @param suspension the action suspend, resumed when its watermark is NORMAL again
     */
    Actions(Supplier<HeapDumpService> dumps, Supplier<ThreadCensusService> census, Supplier<LeakSuspectsService> suspects, ServerSuspension suspension) {
        this.dumps = dumps;
        this.census = census;
        this.suspects = suspects;
        this.suspension = suspension;
    }

    @Override
    public void settled(ActionRequest request) {
        if (!request.details().get("to").asString("").equals("NORMAL")) {
            return;
        }
        // resumed first: the baseline's heap walk takes seconds the drained server need not wait for
        suspension.release(request.source());
        LeakSuspectsService suspectsService = suspects.get();
        if (suspectsService != null) {
            suspectsService.takeBaseline(request.source() + " NORMAL again");
        }
    }

    @Override
    public void run(Action action, ActionRequest request) {
        HeapDumpService dumpService = dumps.get();
        switch (action) {
            case HISTOGRAM:
                if (dumpService == null) {
                    VigilLogger.ROOT_LOGGER.dumpsNotConfigured(request.source(), action.toString());
                } else if (dumpService.admit(action, request)) { // a live histogram is a full GC: no more than one per cooldown
                    try {
                        dumpService.histogramAction(request);
                    } catch (JMException e) {
                        throw new IllegalStateException("the JVM's DiagnosticCommand MBean gave no class histogram: " + e, e);
                    }
                }
                break;
            case DUMP_HEAP:
                if (dumpService == null) {
                    VigilLogger.ROOT_LOGGER.dumpsNotConfigured(request.source(), action.toString());
                } else {
                    dumpService.dumpAction(request); // its cooldown runs from the dump's end, so the dumper keeps it
                }
                break;
            case THREAD_CENSUS:
                ThreadCensusService censusService = census.get();
                if (censusService == null) {
                    VigilLogger.ROOT_LOGGER.censusNotConfigured(request.source());
                    break;
                }
                // The cooldowns are heap-dumps' (its cooldown attribute); without heap-dumps the census is logged only, each time.
                if (dumpService != null && !dumpService.admit(action, request)) {
                    break;
                }
                String text = censusService.snapshot(request.requestedBy());
                if (dumpService != null) {
                    dumpService.writeCensus(request, text);
                }
                break;
            case LEAK_SUSPECTS:
                LeakSuspectsService suspectsService = suspects.get();
                if (suspectsService == null) {
                    VigilLogger.ROOT_LOGGER.suspectsNotRunning(request.source());
                    break;
                }
                // its histogram is the cause's own when the histogram action ran first; else one more, so within cooldown
                if (dumpService != null && dumpService.takenFor(request) == null && !dumpService.admit(action, request)) {
                    break;
                }
                try {
                    suspectsService.action(request);
                } catch (JMException e) {
                    throw new IllegalStateException("the JVM's DiagnosticCommand MBean gave no class histogram: " + e, e);
                }
                break;
            case SUSPEND:
                suspension.suspend(request.source(), request.time());
                break;
            default:
                // notify: the log line and the notification, which every cause gets anyway
        }
    }
}
