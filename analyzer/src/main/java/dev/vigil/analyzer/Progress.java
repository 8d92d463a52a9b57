package dev.vigil.analyzer;

/** Hears how far an analysis is: the command line prints it, so a long run shows it is moving. */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void phase(String name) {
        }

        @Override
        public void advanced(long done, long total) {
        }
    };

    /** A new phase begins: {@code reading classes and objects}, {@code dominators}, ... */
    void phase(String name);

    /** Within the phase, {@code done} of {@code total} units (bytes of the dump while reading it); called often, cheap to ignore. */
    void advanced(long done, long total);
}
