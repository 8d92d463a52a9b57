package dev.vigil.analyzer.hprof;

/** Hears how far reading a dump is (the analyzer passes it on to its own progress). */
public interface ReadListener {

    ReadListener NONE = new ReadListener() {
        @Override
        public void phase(String name) {
        }

        @Override
        public void advanced(long done, long total) {
        }
    };

    void phase(String name);

    /** {@code done} bytes of the dump file of {@code total} read in the current pass. */
    void advanced(long done, long total);
}
