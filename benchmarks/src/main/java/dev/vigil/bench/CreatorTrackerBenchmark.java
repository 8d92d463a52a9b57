package dev.vigil.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.tools.ToolProvider;

import dev.vigil.census.CreatorTrackerTarget;

/**
 * What creator tracking keeps in memory while an application starts short-lived threads: the tracker of a baseline
 * commit ({@code -Dbench.tracker.baseline}, compiled here from {@code git show} of the repository {@code
 * -Dbench.tracker.repository}: before the fix, entries left only at a census) against the tracker of this build,
 * measured in the same run, in two {@link CreatorTrackerTarget} JVMs side by side, each starting {@code
 * -Dbench.tracker.rate} threads a second for {@code -Dbench.tracker.seconds} with no census in between (as with
 * {@code interval} longer than the run). Retained: the tracker's entries, and the heap used after {@code System.gc()}
 * minus the same at the start, before any thread was started.
 * <p>
 * Usage: {@code CreatorTrackerBenchmark [report.md]}; through Maven: {@code mvn -B -pl benchmarks -am -Pbenchmark -DskipTests verify}.
 */
public final class CreatorTrackerBenchmark {

    /** The measured JVMs: the old tracker's entries for 120,000 threads need a few hundred MB. */
    private static final List<String> TARGET_JVM_OPTIONS = List.of("-Xmx2g", "-XX:+UseG1GC");

    private static final String TRACKER_SOURCE = "subsystem/src/main/java/dev/vigil/census/CreatorTracker.java";

    record Sample(long second, long started, long entries, long heapUsed) {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "target/creator-tracker-benchmark.md").toAbsolutePath();
        int rate = Integer.getInteger("bench.tracker.rate", 1000);
        long seconds = Long.getLong("bench.tracker.seconds", 120);
        long sampleSeconds = Long.getLong("bench.tracker.sample", 10);
        String baseline = System.getProperty("bench.tracker.baseline", "22b0728");
        Path repository = Path.of(System.getProperty("bench.tracker.repository", ".."));
        Path baselineClasses = compileBaseline(repository, baseline);

        System.out.printf("Creator tracker memory: %d thread starts/s for %d s, the tracker before and after, side by side...%n", rate, seconds);
        long began = System.nanoTime();
        String classPath = System.getProperty("java.class.path");
        String baselinePath = baselineClasses + File.pathSeparator + classPath;
        CompletableFuture<List<Sample>> before = CompletableFuture.supplyAsync(() -> run("before", baselinePath, rate, seconds, sampleSeconds));
        CompletableFuture<List<Sample>> after = CompletableFuture.supplyAsync(() -> run("after", classPath, rate, seconds, sampleSeconds));
        String markdown = report(baseline, rate, seconds, before.get(), after.get(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(report.getParent());
        Files.writeString(report, markdown);
        System.out.println("Written to " + report);
    }

    /** The baseline's CreatorTracker, compiled against this class path, in a directory to put before it. */
    private static Path compileBaseline(Path repository, String commit) throws IOException, InterruptedException {
        Path sources = Files.createTempDirectory("vigil-baseline-tracker");
        Path source = sources.resolve("dev/vigil/census/CreatorTracker.java");
        Files.createDirectories(source.getParent());
        Process show = new ProcessBuilder("git", "-C", repository.toString(), "show", commit + ":" + TRACKER_SOURCE)
                .redirectOutput(source.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (show.waitFor() != 0) {
            throw new IllegalStateException("git show " + commit + ":" + TRACKER_SOURCE + " in " + repository + " failed");
        }
        Path classes = sources.resolve("classes");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), source.toString());
        if (compiled != 0) {
            throw new IllegalStateException("The CreatorTracker of " + commit + " does not compile against this build");
        }
        return classes;
    }

    private static List<Sample> run(String variant, String classPath, int rate, long seconds, long sampleSeconds) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(TARGET_JVM_OPTIONS);
        command.addAll(List.of("-cp", classPath, CreatorTrackerTarget.class.getName(), String.valueOf(rate), String.valueOf(seconds),
                String.valueOf(sampleSeconds)));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<Sample> samples = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("@@ sample ")) {
                        String[] f = line.substring("@@ sample ".length()).split(" ");
                        samples.add(new Sample(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
                        System.out.printf("[%s] %s%n", variant, line.substring(3));
                    } else if (!line.startsWith("@@ done")) {
                        System.out.printf("[%s target] %s%n", variant, line);
                    }
                }
            }
            if (process.waitFor() != 0) {
                throw new IllegalStateException("The " + variant + " JVM ended with exit code " + process.exitValue());
            }
            return samples;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String report(String baseline, int rate, long seconds, List<Sample> before, List<Sample> after, long took) {
        StringBuilder out = new StringBuilder("# Creator tracking: what it keeps in memory\n\n");
        out.append(String.format(Locale.ROOT, "- When: %s; took %d s%n", Instant.now(), took));
        out.append(String.format(Locale.ROOT, "- JDK: %s %s; cores: %d; measured JVMs: %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors(), String.join(" ", TARGET_JVM_OPTIONS)));
        out.append(String.format(Locale.ROOT, "- %,d threads started a second (10 every 10 ms, each from 40 frames deep, so each entry holds "
                + "the 32 frames kept), each ending at once; no census for %d s. Before: the CreatorTracker of %s "
                + "(jdk.ThreadStart only, entries leave at a census); after: this build's (an entry leaves at its jdk.ThreadEnd, at most %,d "
                + "entries, class names shared)%n%n", rate, seconds, baseline, CreatorTrackerTarget.MAX_TRACKED));
        out.append("| s | threads started | entries before | entries after | heap retained before, MB | heap retained after, MB |\n");
        out.append("|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            Sample b = before.get(i);
            Sample a = after.get(i);
            out.append(String.format(Locale.ROOT, "| %d | %,d | %,d | %,d | %.1f | %.1f |%n", b.second(), b.started(), b.entries(), a.entries(),
                    mb(b.heapUsed() - before.get(0).heapUsed()), mb(a.heapUsed() - after.get(0).heapUsed())));
        }
        Sample lastBefore = before.get(before.size() - 1);
        Sample lastAfter = after.get(after.size() - 1);
        long retainedBefore = lastBefore.heapUsed() - before.get(0).heapUsed();
        long retainedAfter = lastAfter.heapUsed() - after.get(0).heapUsed();
        long maxAfter = after.stream().mapToLong(Sample::entries).max().orElse(0);
        out.append(String.format(Locale.ROOT, "%nAt %d s: entries before/after %,d / %,d (after: at most %,d at any sample); heap retained "
                + "before/after %.1f MB / %.1f MB, ratio %.1f. The after side's growth is JFR's and the JVM's own (its tracker held %,d "
                + "entries), so the before side's extra, %.1f MB, is its tracker's: %,.0f bytes per entry%n", lastBefore.second(),
                lastBefore.entries(), lastAfter.entries(), maxAfter, mb(retainedBefore), mb(retainedAfter),
                retainedBefore / (double) Math.max(retainedAfter, 1), lastAfter.entries(), mb(retainedBefore - retainedAfter),
                (retainedBefore - retainedAfter) / (double) Math.max(lastBefore.entries(), 1)));
        return out.toString();
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }

    private CreatorTrackerBenchmark() {
    }
}
