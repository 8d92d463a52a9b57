package dev.vigil.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.vigil.analyzer.Analyzer;
import dev.vigil.analyzer.Progress;
import dev.vigil.analyzer.report.Report;
import dev.vigil.analyzer.report.Suspect;

/**
 * {@link AnalyzerBenchmark}'s own way to run the analyzer in a child JVM when the analyzer's jar has no
 * {@code Main} yet: {@code Analyzer.analyze(dump, null, ...)}, nothing printed. It writes what the harness checks into
 * {@code <out>/<dump name>.bench.txt}: objects and heap of the report, then one line per suspect (kind, class,
 * retained bytes, description, path), then the five thread origins keeping most.
 * <p>
 * With {@code --phases} it also times the phases the analyzer announces ({@link Progress#phase}), with the heap in use
 * at each change, into {@code <out>/<dump name>.phases.txt}, one line each:
 * {@code <ms since start> <ms the phase took> <heap used MB at its end> <the phase that ended>}.
 * <p>
 * Usage: {@code AnalyzerRun <dump> <out dir> [--phases]}.
 */
public final class AnalyzerRun {

    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        Path out = Path.of(args[1]);
        boolean phases = args.length > 2 && args[2].equals("--phases");
        Files.createDirectories(out);
        long start = System.nanoTime();
        List<String> lines = new ArrayList<>();
        Progress progress = !phases ? Progress.NONE : new Progress() {
            private long last = start;
            private String current = "start";

            @Override
            public void phase(String name) {
                long now = System.nanoTime();
                lines.add(String.format(Locale.ROOT, "%d %d %d %s", (now - start) / 1_000_000, (now - last) / 1_000_000, usedMb(), current));
                last = now;
                current = name;
            }

            @Override
            public void advanced(long done, long total) {
            }
        };
        Report report = Analyzer.analyze(dump, null, progress);
        if (phases) {
            progress.phase("end");
            Files.write(out.resolve(dump.getFileName() + ".phases.txt"), lines);
        }
        List<String> summary = new ArrayList<>();
        summary.add("objects " + report.objects());
        summary.add("heap " + report.heapBytes());
        summary.add("classes " + report.classes());
        for (Suspect suspect : report.suspects()) {
            summary.add("suspect " + suspect.kind() + " " + suspect.className() + " " + suspect.retainedBytes() + " " + suspect.description()
                    + " path: " + String.join(" > ", suspect.path()));
        }
        report.threadOrigins().stream().limit(5).forEach(origin -> summary.add("origin " + origin.entry() + " " + origin.threads() + " threads "
                + origin.retainedBytes() + " bytes " + origin.retainedPercent() + " % " + origin.sampleThreads()));
        Files.write(out.resolve(dump.getFileName() + ".bench.txt"), summary);
    }

    private static long usedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576;
    }

    private AnalyzerRun() {
    }
}
