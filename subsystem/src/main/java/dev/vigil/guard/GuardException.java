package dev.vigil.guard;

/** The guard cannot do its work as configured, e.g. a lock directory that cannot hold a lock file. */
public final class GuardException extends Exception {

    private static final long serialVersionUID = 1L;

    public GuardException(String message, Throwable cause) {
        super(message, cause);
    }
}
