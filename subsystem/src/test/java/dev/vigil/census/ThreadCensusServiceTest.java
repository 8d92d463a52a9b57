package dev.vigil.census;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How a failure that ended creator tracking is named in VIGIL0308 and VIGIL0309. */
class ThreadCensusServiceTest {

    @Test
    void jfrsSelfSuppressionIsNamedByTheOutOfMemoryErrorUnderIt() {
        OutOfMemoryError oome = new OutOfMemoryError("Java heap space");
        IllegalArgumentException reported = new IllegalArgumentException("Self-suppression not permitted", oome);

        assertEquals("java.lang.OutOfMemoryError: Java heap space, reported as java.lang.IllegalArgumentException: Self-suppression not permitted",
                ThreadCensusService.describe(reported));
    }

    @Test
    void aFailureWithoutACauseIsNamedAsItIs() {
        assertEquals("java.lang.OutOfMemoryError: Java heap space", ThreadCensusService.describe(new OutOfMemoryError("Java heap space")));
    }
}
