package dev.vigil.evidence;

/** Thread censuses for the leak suspects; the thread census provides them. */
@FunctionalInterface
public interface CensusSource {

    /** A census now: live threads by origin. */
    CensusSnapshot take();
}
