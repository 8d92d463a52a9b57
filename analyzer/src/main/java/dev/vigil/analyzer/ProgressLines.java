package dev.vigil.analyzer;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.vigil.analyzer.report.Quantities;

/**
 * Progress as lines on the command line's stderr: each phase as it starts, and within a phase a percentage at most
 * once every {@link #INTERVAL_NANOS}, so a run of many minutes visibly moves without flooding a log. A phase that
 * counts nothing of its own (the dominators) still says it is alive every {@link #HEARTBEAT_NANOS} ({@link #heartbeat}).
 */
final class ProgressLines implements Progress {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PrintStream lines;
    private final LongSupplier nanoTime;
    private String phase = "working";
    private long lastLine;
    private long phaseStart;

    ProgressLines(PrintStream lines, LongSupplier nanoTime) {
        this.lines = lines;
        this.nanoTime = nanoTime;
        this.lastLine = nanoTime.getAsLong();
        this.phaseStart = lastLine;
    }

    @Override
    public synchronized void phase(String name) {
        phase = name;
        lines.println(name);
        // the first percentage of a phase comes an interval after its start: a quick phase prints only its name
        lastLine = nanoTime.getAsLong();
        phaseStart = lastLine;
    }

    @Override
    public synchronized void advanced(long done, long total) {
        long now = nanoTime.getAsLong();
        if (now - lastLine < INTERVAL_NANOS) {
            return;
        }
        lastLine = now;
        lines.println(line(phase, done, total));
    }

    /** Called often from a timer: after {@link #HEARTBEAT_NANOS} without a line, {@code dominators: still at it, 12 s}. */
    synchronized void heartbeat() {
        long now = nanoTime.getAsLong();
        if (now - lastLine < HEARTBEAT_NANOS) {
            return;
        }
        lastLine = now;
        lines.println(phase + ": still at it, " + TimeUnit.NANOSECONDS.toSeconds(now - phaseStart) + " s");
    }

    /** {@code reading: 42 % (430.0 MiB of 1.0 GiB)}; a phase that reads the dump counts bytes, the others units. */
    static String line(String phase, long done, long total) {
        boolean bytes = phase.startsWith("reading");
        String of = bytes ? Quantities.bytes(done) + " of " + Quantities.bytes(total) : Quantities.count(done) + " of " + Quantities.count(total);
        if (total <= 0) {
            return phase + ": " + (bytes ? Quantities.bytes(done) : Quantities.count(done)) + " so far";
        }
        int percent = (int) Math.min(100, Math.max(0, 100.0 * done / total));
        return String.format(Locale.ROOT, "%s: %d %% (%s)", phase, percent, of);
    }
}
