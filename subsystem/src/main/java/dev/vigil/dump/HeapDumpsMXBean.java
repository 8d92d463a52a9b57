package dev.vigil.dump;

/**
 * {@code vigil:type=HeapDumps}: takes and lists heap dumps, in open types only so JConsole and Jolokia need no
 * Vigil classes. Emits {@code vigil.heap-dump.written} (userData: the file name) and {@code vigil.heap-dump.failed}
 * (userData: the trigger).
 */
public interface HeapDumpsMXBean {

    /** The directory dumps are written to. */
    String getDirectory();

    boolean isLive();

    boolean isCompress();

    int getMaxDumps();

    /** Seconds between two triggered dumps. */
    long getCooldown();

    /** Seconds from a manual dump's end to the next manual dump. */
    long getMinInterval();

    long getMinFreeSpace();

    boolean isOnOutOfMemory();

    /** Dumps this server wrote since it started. */
    long getDumpsTaken();

    /** Who is writing a dump and since when; null when none is. */
    String getInProgress();

    /** The last dump this server wrote (file, trigger, started, durationMs, sizeBytes); null before the first. */
    DumpInfo getLastDump();

    /** The dumps in the directory, oldest first. */
    String[] getDumps();

    /**
     * Writes a heap dump now (compressed if the configuration says so) and returns its file name; fails with the
     * reason if another dump is being written or the disk lacks room.
     */
    String dumpHeap(boolean live);

    /** The dumps in the directory with their sizes, times and triggers, oldest first. */
    DumpInfo[] listDumps();
}
