package dev.vigil.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The heap-dump analyzer ({@code vigil-analyzer}) on dumps of 250 MB, 500 MB and 1000 MB, against NetBeans' profiler
 * library reading the same dumps in the same run.
 * <p>
 * Per size ({@code -Dbench.analyzer.sizes}, MB of 1,048,576 bytes): a {@link DumpGenerator} JVM writes the dump (kept
 * in {@code -Dbench.analyzer.dumps} and reused by later runs while its size and the generator's version match). The
 * dump is read once (into the page cache), then the analyzer runs in a child JVM,
 * {@code java -Xmx1536m -XX:+UseSerialGC -jar vigil-analyzer.jar DUMP --out DIR --quiet} (through {@link AnalyzerRun}
 * while the jar has no {@code Main}), {@code -Dbench.analyzer.rounds} times (3): wall time from start to exit (the
 * median round's), peak RSS (VmHWM of /proc/PID/status, polled every 100 ms) and heap from its GC log (the most live
 * after a collection, and the most used at all), the most of any round. Then, once, with the same {@code -Xmx},
 * {@link NetBeansRun}: time to parse and walk every instance, then to the retained sizes of the 10 biggest instances,
 * or what went wrong (an exception, OutOfMemoryError, no answer within {@code -Dbench.analyzer.netbeansTimeout} s,
 * 300: killed).
 * <p>
 * Goals: the 1000 MB dump in at most 60 s with at most 1.5 GB of heap; time about linear (the 1000 MB run's seconds per
 * GB within 1.5 times the 250 MB run's). With {@code -Dbench.analyzer.phases=true} (the default) the biggest dump is
 * analysed once more through {@link AnalyzerRun}, timing the phases the analyzer announces (not part of the table);
 * {@code -Dbench.analyzer.jfr=true} records that run with JFR (profile settings) beside the report;
 * {@code -Dbench.analyzer.baseline=false} leaves NetBeans out (to re-measure the analyzer alone). Also
 * {@code -Dbench.analyzer.jar} (the analyzer's jar; else the one on the class path), {@code -Dbench.analyzer.xmx}
 * (1536m), {@code -Dbench.analyzer.timeout} (s, 600: the analyzer is killed after it), {@code -Dbench.analyzer.keepDumps}
 * (true).
 * <p>
 * Usage: {@code AnalyzerBenchmark [report.md]}; run through Maven: {@code mvn -B -pl benchmarks -am -Pbenchmark -DskipTests verify}.
 */
public final class AnalyzerBenchmark {

    private static final double GOAL_SECONDS = 60;
    private static final long GOAL_HEAP_MB = 1536;
    private static final double GOAL_LINEARITY = 1.5;
    private static final long GB = 1L << 30;
    /** The exit code of a run that did not happen. */
    private static final int NOT_RUN = -2;

    /** One child JVM's run: wall ms, peak RSS kB, exit code (-1 when killed), when each of its marked lines came (ms). */
    record Run(long wallMs, long peakRssKb, int exit, boolean killed, Map<String, Long> marks, Map<String, String> values, Path log) {
    }

    /** Heap from a GC log, MB: the most live after a collection (-1: no collection), the most used (before a collection, or at exit). */
    record Heap(long afterGcMb, long usedMb) {
        String cell() {
            return (afterGcMb >= 0 ? String.valueOf(afterGcMb) : "-") + " / " + usedMb;
        }
    }

    record Dump(long sizeMb, Path file, long bytes, long objects, String generated) {
    }

    /** One size's results; the analyzer's run is the median round's wall time with the most RSS of any round, walls the rounds' range. */
    record Row(Dump dump, double load, Run analyzer, String walls, Heap heap, String analyzerOutcome, String leaks, Run netbeans, Heap netbeansHeap,
            String netbeansOutcome) {
        boolean analyzed() {
            return analyzerOutcome.equals("ok");
        }

        double secondsPerGb() {
            return analyzer.wallMs() / 1000.0 / ((double) dump.bytes() / GB);
        }
    }

    private final Path directory;
    private final String java;
    private final String classPath;
    private final String xmx;
    /** The collector both tools run with: Vigil's own child JVM's by default (bench.analyzer.gc). */
    private final String gc = System.getProperty("bench.analyzer.gc", "-XX:+UseSerialGC");
    private final Path jar;
    private final boolean main;
    private final long netbeansTimeoutMs;
    private final long analyzerTimeoutMs;
    private final boolean baseline;
    private final int rounds;

    private AnalyzerBenchmark(Path directory, Path jar, String xmx, long netbeansTimeoutMs, long analyzerTimeoutMs, boolean baseline, int rounds)
            throws IOException {
        this.directory = directory;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.classPath = System.getProperty("java.class.path");
        this.xmx = xmx;
        this.jar = jar;
        this.main = jar != null && hasMain(jar);
        this.netbeansTimeoutMs = netbeansTimeoutMs;
        this.analyzerTimeoutMs = analyzerTimeoutMs;
        this.baseline = baseline;
        this.rounds = Math.max(1, rounds);
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "target/analyzer-benchmark.md").toAbsolutePath();
        List<Long> sizes = Arrays.stream(System.getProperty("bench.analyzer.sizes", "250,500,1000").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
        Path directory = Path.of(System.getProperty("bench.analyzer.dumps", report.resolveSibling("analyzer-dumps").toString())).toAbsolutePath();
        String xmx = System.getProperty("bench.analyzer.xmx", "1536m");
        long netbeansTimeout = Long.getLong("bench.analyzer.netbeansTimeout", 300);
        long analyzerTimeout = Long.getLong("bench.analyzer.timeout", 600);
        boolean keep = Boolean.parseBoolean(System.getProperty("bench.analyzer.keepDumps", "true"));
        boolean phases = Boolean.parseBoolean(System.getProperty("bench.analyzer.phases", "true"));
        boolean jfr = Boolean.parseBoolean(System.getProperty("bench.analyzer.jfr", "false"));
        Files.createDirectories(directory);

        boolean baseline = Boolean.parseBoolean(System.getProperty("bench.analyzer.baseline", "true"));
        int rounds = Integer.getInteger("bench.analyzer.rounds", 3);
        AnalyzerBenchmark benchmark = new AnalyzerBenchmark(directory, analyzerJar(), xmx, netbeansTimeout * 1000, analyzerTimeout * 1000, baseline,
                rounds);
        System.out.printf("Analyzer: %s%n", benchmark.analyzerCommandLine());
        long began = System.nanoTime();
        double loadBefore = load();
        List<Row> rows = new ArrayList<>();
        List<String> phaseLines = new ArrayList<>();
        for (long size : sizes) {
            Dump dump = benchmark.dump(size);
            rows.add(benchmark.measure(dump));
            if (!keep) {
                Files.deleteIfExists(dump.file());
            }
        }
        Row biggest = rows.stream().max(Comparator.comparingLong(row -> row.dump().bytes())).orElse(null);
        if (phases && biggest != null && biggest.analyzed() && Files.exists(biggest.dump().file())) {
            phaseLines = benchmark.phases(biggest.dump(), jfr ? report.resolveSibling("analyzer-" + biggest.dump().sizeMb() + "mb.jfr") : null);
        }
        String load = String.format(Locale.ROOT, "%.2f at the start, %.2f at the end", loadBefore, load());
        long seconds = (System.nanoTime() - began) / 1_000_000_000L;
        String markdown = benchmark.report(rows, phaseLines, load, seconds);
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(report.getParent());
        Files.writeString(report, markdown);
        System.out.println("Written to " + report);
    }

    /** The cached dump of that size if its generator's version and size match, else a fresh one. */
    private Dump dump(long sizeMb) throws IOException, InterruptedException {
        Path file = directory.resolve("analyzer-" + sizeMb + "mb.hprof");
        Path about = directory.resolve("analyzer-" + sizeMb + "mb.properties");
        if (Files.isRegularFile(file) && Files.isRegularFile(about)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(about)) {
                properties.load(in);
            }
            if (String.valueOf(DumpGenerator.VERSION).equals(properties.getProperty("version"))
                    && String.valueOf(Files.size(file)).equals(properties.getProperty("bytes"))) {
                System.out.printf("%d MB: the dump of an earlier run, %s (%s)%n", sizeMb, file, properties.getProperty("generated"));
                return new Dump(sizeMb, file, Files.size(file), Long.parseLong(properties.getProperty("objects")),
                        properties.getProperty("generated") + ", reused");
            }
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(about);
        long needed = sizeMb * 1048576 * 2; // the dump and its calibration probes, and room for the reports
        if (Files.getFileStore(directory).getUsableSpace() < needed) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%d MB free in %s: not enough for a %d MB dump",
                    Files.getFileStore(directory).getUsableSpace() / 1048576, directory, sizeMb));
        }
        System.out.printf("%d MB: generating the dump %s...%n", sizeMb, file);
        List<String> command = List.of(java, "-Xmx" + Math.max(2048, sizeMb * 2) + "m", "-XX:+UseParallelGC", "-cp", classPath,
                DumpGenerator.class.getName(), file.toString(), String.valueOf(sizeMb));
        Run run = run(command, directory.resolve("analyzer-" + sizeMb + "mb.generator.log"), 30 * 60_000L, "DUMP");
        String[] result = run.values().getOrDefault("DUMP", "").trim().split(" ");
        if (run.exit() != 0 || result.length < 8) {
            throw new IllegalStateException("DumpGenerator failed (exit " + run.exit() + "), see " + run.log());
        }
        String generated = String.format(Locale.ROOT, "generated in %.1f s (filling %.1f s, dumping %.1f s)", run.wallMs() / 1000.0,
                Long.parseLong(result[6]) / 1000.0, Long.parseLong(result[7]) / 1000.0);
        Properties properties = new Properties();
        properties.setProperty("version", String.valueOf(DumpGenerator.VERSION));
        properties.setProperty("bytes", result[0]);
        properties.setProperty("objects", result[1]);
        properties.setProperty("generated", Instant.now() + ", " + generated);
        try (OutputStream out = Files.newOutputStream(about)) {
            properties.store(out, "AnalyzerBenchmark's dump: DumpGenerator's output");
        }
        return new Dump(sizeMb, file, Long.parseLong(result[0]), Long.parseLong(result[1]), generated);
    }

    private Row measure(Dump dump) throws IOException, InterruptedException {
        String name = "analyzer-" + dump.sizeMb() + "mb";
        double load = load();
        System.out.printf(Locale.ROOT, "%d MB: %d bytes, %d objects; load %.2f%n", dump.sizeMb(), dump.bytes(), dump.objects(), load);

        Path out = directory.resolve(name + ".out");
        List<Run> runs = new ArrayList<>();
        long afterGc = -1;
        long used = 0;
        String outcome = "not run";
        String leaks = "-";
        for (int round = 1; round <= rounds; round++) {
            clear(out);
            Files.createDirectories(out);
            Path gcLog = directory.resolve(name + ".gc.log");
            Files.deleteIfExists(gcLog);
            warm(dump.file());
            Run run = run(analyzerCommand(dump.file(), out, gcLog, false, null), directory.resolve(name + ".log"), analyzerTimeoutMs);
            Heap heap = heap(gcLog);
            outcome = analyzerOutcome(run, dump, out);
            leaks = leaks(dump, out);
            System.out.printf(Locale.ROOT, "  analyzer, round %d: %s, %.1f s, peak RSS %d MB, heap %s MB (after GC / at most); leaks named: %s%n", round,
                    outcome, run.wallMs() / 1000.0, run.peakRssKb() / 1024, heap.cell(), leaks);
            runs.add(run);
            afterGc = Math.max(afterGc, heap.afterGcMb());
            used = Math.max(used, heap.usedMb());
            if (!outcome.equals("ok")) {
                break; // its failure is the result; the log of this run stays
            }
        }
        // The median run's wall time; the most RSS and heap any round took.
        List<Run> byWall = runs.stream().sorted(Comparator.comparingLong(Run::wallMs)).toList();
        Run median = byWall.get((byWall.size() - 1) / 2);
        long peakRss = runs.stream().mapToLong(Run::peakRssKb).max().orElse(0);
        Run analyzer = new Run(median.wallMs(), peakRss, median.exit(), median.killed(), median.marks(), median.values(), median.log());
        Heap heap = new Heap(afterGc, used);
        String walls = runs.size() == 1 ? "" : String.format(Locale.ROOT, "%.1f-%.1f", byWall.get(0).wallMs() / 1000.0,
                byWall.get(byWall.size() - 1).wallMs() / 1000.0);
        // the report stays in <name>.out until the next run: what the analyzer said is worth a look

        if (!baseline) {
            Run none = new Run(0, 0, NOT_RUN, false, Map.of(), Map.of(), directory.resolve(name + ".netbeans.log"));
            return new Row(dump, load, analyzer, walls, heap, outcome, leaks, none, new Heap(-1, 0), "not run (-Dbench.analyzer.baseline=false)");
        }
        Path cache = dump.file().resolveSibling(dump.file().getFileName() + ".nbcache");
        clear(cache); // NetBeans reuses its index of an earlier run: not here
        Path nbGcLog = directory.resolve(name + ".netbeans.gc.log");
        Files.deleteIfExists(nbGcLog);
        warm(dump.file());
        Run netbeans = run(List.of(java, "-Xmx" + xmx, gc, "-Xlog:gc,gc+heap+exit:file=" + nbGcLog, "-cp", classPath,
                NetBeansRun.class.getName(), dump.file().toString()), directory.resolve(name + ".netbeans.log"), netbeansTimeoutMs, "NB");
        clear(cache);
        Heap netbeansHeap = heap(nbGcLog);
        String netbeansOutcome = netbeansOutcome(netbeans);
        System.out.printf(Locale.ROOT, "  netbeans: %s; peak RSS %d MB, heap %s MB (after GC / at most)%n", netbeansOutcome,
                netbeans.peakRssKb() / 1024, netbeansHeap.cell());
        return new Row(dump, load, analyzer, walls, heap, outcome, leaks, netbeans, netbeansHeap, netbeansOutcome);
    }

    /** The phases of one more analysis of the dump, through {@link AnalyzerRun}: lines of the report's phase table. */
    private List<String> phases(Dump dump, Path jfr) throws IOException, InterruptedException {
        String name = "analyzer-" + dump.sizeMb() + "mb";
        Path out = directory.resolve(name + ".phases");
        clear(out);
        Files.createDirectories(out);
        System.out.printf("%d MB: once more, timing the analyzer's phases%s...%n", dump.sizeMb(), jfr != null ? " (JFR: " + jfr + ")" : "");
        warm(dump.file());
        Run run = run(analyzerCommand(dump.file(), out, directory.resolve(name + ".phases.gc.log"), true, jfr), directory.resolve(name + ".phases.log"),
                analyzerTimeoutMs);
        Path file = out.resolve(dump.file().getFileName() + ".phases.txt");
        List<String> lines = new ArrayList<>();
        if (run.exit() != 0 || !Files.isRegularFile(file)) {
            lines.add("The phase run failed (exit " + run.exit() + (run.killed() ? ", killed" : "") + "), see " + run.log());
        } else {
            lines.add(String.format(Locale.ROOT, "Phases of the %d MB dump (one more run through AnalyzerRun, %.1f s wall, load %.2f):%n", dump.sizeMb(),
                    run.wallMs() / 1000.0, load()));
            lines.add("| phase | s | heap used at its end MB |");
            lines.add("|---|---:|---:|");
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(" ", 4);
                if (f[3].equals("start") && Long.parseLong(f[1]) < 50) {
                    continue;
                }
                lines.add(String.format(Locale.ROOT, "| %s | %.1f | %s |", f[3], Long.parseLong(f[1]) / 1000.0, f[2]));
            }
        }
        return lines;
    }

    private List<String> analyzerCommand(Path dump, Path out, Path gcLog, boolean phases, Path jfr) {
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + xmx, gc, "-Xlog:gc,gc+heap+exit:file=" + gcLog));
        if (jfr != null) {
            command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        if (main && !phases) {
            command.addAll(List.of("-jar", jar.toString(), dump.toString(), "--out", out.toString(), "--quiet"));
        } else {
            command.addAll(List.of("-cp", analyzerClassPath(), AnalyzerRun.class.getName(), dump.toString(), out.toString()));
            if (phases) {
                command.add("--phases");
            }
        }
        return command;
    }

    /** This module's classes and the analyzer, nothing else: what AnalyzerRun needs. */
    private String analyzerClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            String file = Path.of(entry).getFileName().toString();
            if (file.equals("classes") || file.startsWith("vigil-analyzer-")) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private String analyzerCommandLine() {
        return main ? "java -Xmx" + xmx + " " + gc + " -jar " + jar.getFileName() + " DUMP --out DIR --quiet"
                : "java -Xmx" + xmx + " " + gc + " -cp ... " + AnalyzerRun.class.getName() + " DUMP DIR (the jar " + (jar == null ? "was not found"
                        : jar.getFileName() + " has no dev.vigil.analyzer.Main") + "; Analyzer.analyze called directly)";
    }

    /** ok, or what went wrong: the exception the log names, killed, no report. */
    private String analyzerOutcome(Run run, Dump dump, Path out) throws IOException {
        if (run.killed()) {
            return "timeout";
        }
        String log = Files.exists(run.log()) ? Files.readString(run.log()) : "";
        if (log.contains("OutOfMemoryError")) {
            return "OutOfMemoryError";
        }
        if (run.exit() != 0) {
            Matcher exception = Pattern.compile("(?:[a-z][\\w$]*\\.)+([A-Z][\\w$]*(?:Exception|Error))").matcher(log);
            return "failed (exit " + run.exit() + (exception.find() ? ", " + exception.group(1) : "") + ")";
        }
        String base = dump.file().getFileName().toString().replaceFirst("\\.hprof$", "");
        boolean written = main ? Files.isRegularFile(out.resolve(base + ".report.json"))
                : Files.isRegularFile(out.resolve(dump.file().getFileName() + ".bench.txt"));
        return written ? "ok" : "no report";
    }

    /**
     * Whether the analyzer's suspects name the two leaks the generator planted ("suspect"), or only its thread-origin
     * table does ("origins only"), or neither.
     */
    private String leaks(Dump dump, Path out) throws IOException {
        StringBuilder suspects = new StringBuilder();
        StringBuilder all = new StringBuilder();
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.list(out)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".bench.txt")) {
                        for (String line : Files.readAllLines(file)) {
                            all.append(line).append('\n');
                            if (line.startsWith("suspect ")) {
                                suspects.append(line).append('\n');
                            }
                        }
                    } else if (name.endsWith(".report.json")) {
                        String json = Files.readString(file);
                        all.append(json);
                        int from = json.indexOf("\"suspects\"");
                        int to = json.indexOf("\"threadOrigins\"");
                        suspects.append(from >= 0 && to > from ? json.substring(from, to) : from >= 0 ? json.substring(from) : json);
                    }
                }
            }
        }
        if (all.isEmpty()) {
            return "-";
        }
        return "threads " + named(suspects, all, "Envelope") + ", static map " + named(suspects, all, "SessionCache");
    }

    private static String named(CharSequence suspects, CharSequence all, String what) {
        return suspects.toString().contains(what) ? "suspect" : all.toString().contains(what) ? "in the tables only" : "NO";
    }

    private String netbeansOutcome(Run run) {
        Map<String, String> v = run.values();
        Map<String, Long> at = run.marks();
        if (at.containsKey("NB retained")) {
            return String.format(Locale.ROOT, "parsed in %.1f s, retained sizes %.1f s later", at.get("NB instances") / 1000.0,
                    (at.get("NB retained") - at.get("NB instances")) / 1000.0);
        }
        String reached = at.containsKey("NB instances") ? String.format(Locale.ROOT, "parsed in %.1f s, then ", at.get("NB instances") / 1000.0)
                : "";
        if (run.killed()) {
            return reached + "timeout after " + run.wallMs() / 1000 + " s";
        }
        String error = v.getOrDefault("NB error", "");
        return reached + (error.isEmpty() ? "ended (exit " + run.exit() + ")" : error.replaceFirst("^\\S+ \\d+ ", "") + " after " + run.wallMs() / 1000 + " s");
    }

    private static String retainedCell(Row row) {
        if (row.netbeans().exit() == NOT_RUN) {
            return "-";
        }
        Map<String, Long> at = row.netbeans().marks();
        if (at.containsKey("NB retained")) {
            return String.format(Locale.ROOT, "%.1f", (at.get("NB retained") - at.get("NB instances")) / 1000.0);
        }
        if (row.netbeans().killed()) {
            return "timeout (" + row.netbeans().wallMs() / 1000 + " s)";
        }
        String error = row.netbeans().values().getOrDefault("NB error", "");
        if (error.contains("NullPointerException")) {
            return "NPE";
        }
        if (error.contains("OutOfMemoryError") || row.netbeansHeap().usedMb() >= GOAL_HEAP_MB - 1) {
            return "OutOfMemoryError";
        }
        return error.isEmpty() ? "exit " + row.netbeans().exit() : error.split(" ")[2];
    }

    private static String ratioCell(Row row) {
        if (!row.analyzed()) {
            return "-";
        }
        Map<String, Long> at = row.netbeans().marks();
        double ours = row.analyzer().wallMs();
        if (at.containsKey("NB retained")) {
            return String.format(Locale.ROOT, "%.2f", ours / at.get("NB retained"));
        }
        if (row.netbeans().killed()) {
            return String.format(Locale.ROOT, "< %.2f", ours / row.netbeans().wallMs());
        }
        return at.containsKey("NB instances") ? String.format(Locale.ROOT, "%.2f of the parse alone", ours / at.get("NB instances")) : "-";
    }

    private String report(List<Row> rows, List<String> phases, String load, long seconds) {
        StringBuilder out = new StringBuilder("# Heap-dump analyzer: vigil-analyzer against NetBeans' profiler library\n\n");
        out.append(String.format(Locale.ROOT, "- When: %s; took %d s%n", Instant.now(), seconds));
        out.append(String.format(Locale.ROOT, "- JDK: %s %s; cores: %d; memory: %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors(), memTotal()));
        out.append(String.format(Locale.ROOT, "- System load average: %s (the \"load\" column: before each size)%n", load));
        out.append(String.format(Locale.ROOT, "- Analyzer: `%s`; %d rounds per size: the median's wall time (the range), the most RSS and heap of any%n",
                analyzerCommandLine(), rounds));
        out.append(String.format(Locale.ROOT, "- Baseline: org-netbeans-lib-profiler (%s), `java -Xmx%s " + gc + " %s DUMP`: "
                + "`HeapFactory.createHeap`, `getSummary()`, every instance's size, then `getRetainedSize()` of the 10 biggest; killed after %d s%n",
                netbeansVersion(), xmx, NetBeansRun.class.getSimpleName(), netbeansTimeoutMs / 1000));
        out.append("- Dumps: DumpGenerator (live objects of a -Xmx2g JVM, HashMaps, Strings, Object[], ArrayLists, primitive arrays, 200 parked "
                + "threads keeping an Envelope each, a static HashMap of byte[]); read once before each tool runs (page cache). MB = 1,048,576 "
                + "bytes, GB = 1,073,741,824; wall time from the JVM's start to its exit; peak RSS = VmHWM (a mapped dump's pages count); heap "
                + "from -Xlog:gc: the most live after a collection / the most used at all\n");
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "- %d MB dump: %s%n", row.dump().sizeMb(), row.dump().generated()));
        }
        out.append('\n');
        out.append("| size | dump bytes | objects | load | analyzer wall s | analyzer peak RSS MB | peak heap MB (after GC / at most) | s per GB "
                + "| netbeans parse s | netbeans retained s | ratio ours/netbeans |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            Map<String, Long> at = row.netbeans().marks();
            out.append(String.format(Locale.ROOT, "| %d MB | %,d | %,d | %.2f | %s | %d | %s | %s | %s | %s | %s |%n", row.dump().sizeMb(),
                    row.dump().bytes(), row.dump().objects(), row.load(),
                    row.analyzed() ? String.format(Locale.ROOT, "%.1f", row.analyzer().wallMs() / 1000.0) + (row.walls().isEmpty() ? "" : " (" + row.walls() + ")")
                            : row.analyzerOutcome() + " after " + String.format(Locale.ROOT, "%.1f", row.analyzer().wallMs() / 1000.0),
                    row.analyzer().peakRssKb() / 1024, row.heap().cell(),
                    row.analyzed() ? String.format(Locale.ROOT, "%.1f", row.secondsPerGb()) : "-",
                    at.containsKey("NB instances") ? String.format(Locale.ROOT, "%.1f", at.get("NB instances") / 1000.0) : "-", retainedCell(row),
                    ratioCell(row)));
        }
        out.append('\n');
        out.append("netbeans parse s: from the JVM's start to every instance walked (`createHeap` is lazy; `getSummary()` builds the index); "
                + "retained s: from there to the 10 retained sizes (the dominator tree); ratio: the analyzer's wall time over NetBeans' to the "
                + "retained sizes.\n\n");
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "- %d MB: analyzer %s, leaks named in its report: %s; NetBeans %s%s%n", row.dump().sizeMb(),
                    row.analyzerOutcome(), row.leaks(), row.netbeansOutcome(), row.netbeans().exit() == NOT_RUN ? ""
                            : String.format(Locale.ROOT, ", peak RSS %d MB, heap %s MB", row.netbeans().peakRssKb() / 1024, row.netbeansHeap().cell())));
        }
        out.append('\n').append(goals(rows)).append('\n');
        if (!phases.isEmpty()) {
            out.append('\n');
            phases.forEach(line -> out.append(line).append('\n'));
        }
        return out.toString();
    }

    private static String goals(List<Row> rows) {
        Row big = rows.stream().filter(row -> row.dump().sizeMb() >= 1000).findFirst().orElse(null);
        Row small = rows.stream().filter(row -> row.dump().sizeMb() <= 250).findFirst().orElse(null);
        StringBuilder goals = new StringBuilder("Goals: ");
        if (big == null) {
            goals.append("1000 MB in <= 60 s with <= 1.5 GB heap: not measured (no size of 1000 MB or more)");
        } else if (!big.analyzed()) {
            goals.append("1000 MB in <= 60 s with <= 1.5 GB heap: NOT met (").append(big.analyzerOutcome()).append(')');
        } else {
            double s = big.analyzer().wallMs() / 1000.0;
            boolean heap = Math.max(big.heap().afterGcMb(), 0) <= GOAL_HEAP_MB;
            goals.append(String.format(Locale.ROOT, "%d MB in %.1f s (goal <= %.0f s: %s), heap %d MB live at most (goal <= %d MB: %s)",
                    big.dump().sizeMb(), s, GOAL_SECONDS, s <= GOAL_SECONDS ? "met" : "NOT met", big.heap().afterGcMb(), GOAL_HEAP_MB,
                    heap ? "met" : "NOT met"));
        }
        goals.append("; ");
        if (big == null || small == null || !big.analyzed() || !small.analyzed()) {
            goals.append("linear time: not measured (needs a 250 MB and a 1000 MB run that both finished)");
        } else {
            double ratio = big.secondsPerGb() / small.secondsPerGb();
            goals.append(String.format(Locale.ROOT, "linear time: %.1f s per GB at %d MB against %.1f at %d MB, %.2fx (goal <= %.1fx: %s)", big.secondsPerGb(),
                    big.dump().sizeMb(), small.secondsPerGb(), small.dump().sizeMb(), ratio, GOAL_LINEARITY, ratio <= GOAL_LINEARITY ? "met" : "NOT met"));
        }
        return goals.append('.').toString();
    }

    /**
     * Runs a child JVM to its end or the timeout (then kills it): its output into {@code log}, lines starting with one of
     * {@code marked} remembered with the time they came; VmHWM polled every 100 ms.
     */
    private static Run run(List<String> command, Path log, long timeoutMs, String... marked) throws IOException, InterruptedException {
        Map<String, Long> marks = new ConcurrentHashMap<>();
        Map<String, String> values = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter writer = new PrintWriter(Files.newBufferedWriter(log))) {
                writer.println(String.join(" ", command));
                for (String line; (line = in.readLine()) != null; ) {
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    writer.println(line);
                    for (String mark : marked) {
                        if (line.startsWith(mark + " ")) {
                            // "NB instances 3100 1 2": the mark is the first two words for NB lines, the first one otherwise
                            String[] f = line.split(" ", 3);
                            String key = mark.equals("NB") && f.length > 1 ? f[0] + " " + f[1] : f[0];
                            marks.putIfAbsent(key, ms);
                            values.putIfAbsent(key, line.substring(key.length()).trim());
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended; what was read is in the log
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        long peak = 0;
        boolean killed = false;
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        while (process.isAlive()) {
            peak = Math.max(peak, vmHwm(status));
            if ((System.nanoTime() - start) / 1_000_000 > timeoutMs) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                killed = true;
                break;
            }
            process.waitFor(100, TimeUnit.MILLISECONDS); // the RSS sampling interval; returns at once when it ends
        }
        int exit = process.waitFor();
        long wall = (System.nanoTime() - start) / 1_000_000;
        reader.join(10_000);
        return new Run(wall, peak, killed ? -1 : exit, killed, new LinkedHashMap<>(marks), new LinkedHashMap<>(values), log);
    }

    /** The process' peak resident set, kB; 0 once it is gone. */
    private static long vmHwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // ended between isAlive and the read
        }
        return 0;
    }

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\)");
    private static final Pattern EXIT_USED = Pattern.compile("gc,heap,exit\\]\\s+\\S+\\s+total \\d+K, used (\\d+)K");

    /** The GC log's most live heap after a collection and most used (before a collection, or at exit), MB. */
    static Heap heap(Path gcLog) throws IOException {
        if (!Files.isRegularFile(gcLog)) {
            return new Heap(-1, 0);
        }
        long after = 0;
        long used = 0;
        long exit = 0;
        int collections = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher gc = GC_LINE.matcher(line);
            if (gc.find()) {
                collections++;
                used = Math.max(used, mb(Long.parseLong(gc.group(1)), gc.group(2)));
                after = Math.max(after, mb(Long.parseLong(gc.group(3)), gc.group(4)));
            }
            Matcher generation = EXIT_USED.matcher(line);
            if (generation.find()) {
                exit += Long.parseLong(generation.group(1)) / 1024; // young + old at exit
            }
        }
        return new Heap(collections > 0 ? after : -1, Math.max(used, exit));
    }

    private static long mb(long value, String unit) {
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }

    /** Reads the file once, so that both tools meet it in the page cache. */
    private static void warm(Path file) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            while (in.read(buffer) >= 0) {
                // only the reading counts
            }
        }
    }

    private static boolean hasMain(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry("dev/vigil/analyzer/Main.class") != null;
        }
    }

    /** -Dbench.analyzer.jar, else the vigil-analyzer jar on this class path; null if neither is a file. */
    private static Path analyzerJar() {
        String property = System.getProperty("bench.analyzer.jar");
        if (property != null && Files.isRegularFile(Path.of(property))) {
            return Path.of(property).toAbsolutePath();
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().matches("vigil-analyzer-.*\\.jar") && Files.isRegularFile(Path.of(entry))) {
                return Path.of(entry).toAbsolutePath();
            }
        }
        return null;
    }

    private String netbeansVersion() {
        for (String entry : classPath.split(File.pathSeparator)) {
            String file = Path.of(entry).getFileName().toString();
            if (file.startsWith("org-netbeans-lib-profiler-")) {
                return file.substring("org-netbeans-lib-profiler-".length()).replaceFirst("\\.jar$", "");
            }
        }
        return "?";
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576 + " GB";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "?";
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void clear(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
