package dev.vigil.evidence;

import javax.management.JMException;

import dev.vigil.action.ActionRequest;

/** Class histograms for the leak suspects; the heap-dumps capability provides them. */
public interface HistogramSource {

    /** A histogram now: live objects only (a full collection first) or all objects (no collection, garbage counted). */
    HistogramSnapshot take(boolean live) throws JMException;

    /** The histogram the {@code histogram} action took for this cause, if it took one; else null. */
    HistogramSnapshot takenFor(ActionRequest cause);

    /** Whether the actions' histograms count live objects only (heap-dumps' {@code live}). */
    boolean live();
}
