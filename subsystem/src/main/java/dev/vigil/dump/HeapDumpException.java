package dev.vigil.dump;

/** A dump (or a request about dumps) that was refused or failed; the message says why and what to do. */
public final class HeapDumpException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why: callers treat a busy dumper, a cooldown or min-interval as "nothing to do", everything else as a failure. */
    public enum Reason {
        /** Another dump is being written. */
        BUSY,
        /** A triggered dump came before the cooldown after the last one ended. */
        COOLDOWN,
        /** A manual dump came within min-interval of the last manual dump's end. */
        INTERVAL,
        /** The disk lacks room for the dump plus min-free-space. */
        DISK,
        /** The directory is missing and cannot be created, or cannot be written. */
        DIRECTORY,
        /** A name that is not one of the listed dumps. */
        NAME,
        /** The JVM or the file system failed while writing. */
        FAILED,
    }

    private final Reason reason;

    public HeapDumpException(Reason reason, String message) {
        this(reason, message, null);
    }

    public HeapDumpException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
