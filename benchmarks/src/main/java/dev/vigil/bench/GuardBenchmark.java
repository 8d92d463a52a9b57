package dev.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the instance guard costs a server's boot, and how fast it stops a second server.
 * <ol>
 * <li>Boot time: a copy of the configured server ({@code config/target/wildfly}) booted alternately with its
 * configuration as shipped (guard on) and with the {@code <instance-guard/>} element removed (guard off),
 * {@code -Dbench.rounds} times each after one warm-up boot of each. Measured: WildFly's own "started in" (WFLYSRV0025,
 * from the JVM's start), and the guard's own time in its log line (VIGIL0405).
 * <li>A second server: with one server running, the same server started again on the same directories (another port
 * offset) until it stops by itself, {@code -Dbench.rounds} times: the time from its start to its exit, beside the time
 * the same start takes to a running server.
 * </ol>
 * Usage: {@code GuardBenchmark <configured server> <work dir> [report.md]}.
 */
public final class GuardBenchmark {

    private static final Pattern STARTED_IN = Pattern.compile("WFLYSRV0025: .* started in (\\d+)ms");
    private static final Pattern GUARD_MS = Pattern.compile("VIGIL0405: .*\\(checked in (\\d+) ms, (\\d+) ms of CPU\\)");
    private static final int OFFSET = 30000;
    private static final long TARGET_EXTRA_MILLIS = 50;

    record Boot(long startedInMillis, long wallMillis, long guardMillis, long guardCpuMillis) {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of(args[1]).toAbsolutePath();
        Path report = Path.of(args.length > 2 ? args[2] : "target/guard-benchmark.md").toAbsolutePath();
        int rounds = Integer.getInteger("bench.rounds", 5);
        if (!Files.isRegularFile(source.resolve("jboss-modules.jar"))) {
            throw new IllegalStateException("No configured server at " + source + ": run 'mvn -B -DskipTests install' from the project root first");
        }
        Path home = work.resolve("wildfly");
        copyServer(source, home);
        Path config = home.resolve("standalone/configuration");
        String xml = Files.readString(config.resolve("standalone.xml"), StandardCharsets.UTF_8);
        String withoutGuard = xml.replaceAll("\\s*<instance-guard[^>]*/>", "");
        if (withoutGuard.equals(xml)) {
            throw new IllegalStateException("No <instance-guard/> in " + config.resolve("standalone.xml"));
        }
        Files.writeString(config.resolve("standalone-noguard.xml"), withoutGuard, StandardCharsets.UTF_8);

        List<Boot> on = new ArrayList<>();
        List<Boot> off = new ArrayList<>();
        long began = System.nanoTime();
        for (int round = 0; round <= rounds; round++) {
            boolean onFirst = round % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean guard = onFirst == (turn == 0);
                Boot boot = boot(home, guard ? "standalone.xml" : "standalone-noguard.xml");
                System.out.printf(Locale.ROOT, "  %-7s guard %-3s started in %d ms (wall %d ms, guard %d ms, %d ms of CPU)%n", round == 0 ? "warm-up" : "round " + round,
                        guard ? "on" : "off", boot.startedInMillis(), boot.wallMillis(), boot.guardMillis(), boot.guardCpuMillis());
                if (round > 0) {
                    (guard ? on : off).add(boot);
                }
            }
        }

        System.out.println("A second server on the same directories...");
        List<Long> stops = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        try (Server first = Server.start(home, "standalone.xml", OFFSET, "first")) {
            first.awaitLine(STARTED_IN, 120);
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                Server second = Server.start(home, "standalone.xml", OFFSET + 100, "second");
                int exit = second.awaitExit(120);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                stops.add(millis);
                exits.add(exit);
                System.out.printf(Locale.ROOT, "  round %d: stopped after %d ms, exit code %d%n", round + 1, millis, exit);
            }
        }
        String markdown = report(rounds, on, off, stops, exits, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(report.getParent());
        Files.writeString(report, markdown);
        System.out.println("Written to " + report);
    }

    private static Boot boot(Path home, String config) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (Server server = Server.start(home, config, OFFSET, "boot")) {
            long startedIn = Long.parseLong(server.awaitLine(STARTED_IN, 120).group(1));
            long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Matcher guard = GUARD_MS.matcher(server.output());
            boolean found = guard.find();
            return new Boot(startedIn, wall, found ? Long.parseLong(guard.group(1)) : 0, found ? Long.parseLong(guard.group(2)) : 0);
        }
    }

    private static String report(int rounds, List<Boot> on, List<Boot> off, List<Long> stops, List<Integer> exits, long seconds) {
        StringBuilder out = new StringBuilder("# Instance guard: boot time with the guard on and off, and the time to stop a second server\n\n");
        out.append(String.format(Locale.ROOT, "- When: %s; took %d s%n", Instant.now(), seconds));
        out.append(String.format(Locale.ROOT, "- JDK: %s %s; cores: %d; load average at the end: %.2f%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out.append(String.format(Locale.ROOT, "%nThe configured server (bin/standalone.sh, Jolokia agent included), booted %d times with the guard "
                + "(standalone.xml as shipped) and %d times without (<instance-guard/> removed), alternating, after a warm-up boot of each; "
                + "each boot is stopped before the next. Started in: WildFly's own WFLYSRV0025 (from the JVM's start). Wall: from the "
                + "script's start to that line. Guard: the guard's own time in VIGIL0405 (locking the directories, writing the lock files, "
                + "reading /proc for the ports); median (min-max).%n%n", rounds, rounds));
        out.append("| guard | started in ms | wall ms | guard's own ms | of which CPU ms |\n|---|---:|---:|---:|---:|\n");
        for (boolean guard : new boolean[] { false, true }) {
            List<Boot> boots = guard ? on : off;
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", guard ? "on" : "off", cell(boots.stream().map(Boot::startedInMillis).toList()),
                    cell(boots.stream().map(Boot::wallMillis).toList()), guard ? cell(boots.stream().map(Boot::guardMillis).toList()) : "-",
                    guard ? cell(boots.stream().map(Boot::guardCpuMillis).toList()) : "-"));
        }
        long extra = median(on.stream().map(Boot::startedInMillis).toList()) - median(off.stream().map(Boot::startedInMillis).toList());
        long own = median(on.stream().map(Boot::guardCpuMillis).toList());
        out.append(String.format(Locale.ROOT, "%nBoot time with the guard, minus without (medians of started in): %+d ms. Target (at most +%d ms): %s. "
                + "Boots of the same configuration spread over %d ms here, so a difference smaller than that is noise; the guard's own work is "
                + "%d ms of CPU (%d ms of wall time, shared with the other subsystems booting in parallel on %d cores).%n", extra, TARGET_EXTRA_MILLIS,
                extra <= TARGET_EXTRA_MILLIS ? "met" : "NOT met", spread(off), own, median(on.stream().map(Boot::guardMillis).toList()),
                Runtime.getRuntime().availableProcessors()));
        long running = median(on.stream().map(Boot::wallMillis).toList());
        out.append(String.format(Locale.ROOT, "%n## A second server on the same directories%n%nWith one server running, the same server started again "
                + "(same base directory, port offset +100), %d times: from the script's start to its exit.%n%n", rounds));
        out.append(String.format(Locale.ROOT, "| stopped after ms | exit codes | the same start to a running server (wall, guard on) ms | ratio |%n|---:|---|---:|---:|%n"));
        out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f |%n", cell(stops), exits, running, (double) median(stops) / running));
        return out.toString();
    }

    private static long spread(List<Boot> boots) {
        List<Long> startedIn = boots.stream().map(Boot::startedInMillis).toList();
        return Collections.max(startedIn) - Collections.min(startedIn);
    }

    private static String cell(List<Long> values) {
        return String.format(Locale.ROOT, "%d (%d-%d)", median(values), Collections.min(values), Collections.max(values));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** A fresh copy without the source's data, logs and history, scripts kept executable. */
    private static void copyServer(Path source, Path home) throws IOException {
        if (Files.exists(home)) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = source.relativize(file).toString();
                if (relative.startsWith("standalone/data") || relative.startsWith("standalone/log") || relative.startsWith("standalone/tmp")
                        || relative.startsWith("standalone/configuration/standalone_xml_history")) {
                    continue;
                }
                Path target = home.resolve(relative);
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** A server started with bin/standalone.sh, its output in a file. */
    private static final class Server implements AutoCloseable {
        private final Process script;
        private final Path output;

        private Server(Process script, Path output) {
            this.script = script;
            this.output = output;
        }

        static Server start(Path home, String config, int offset, String name) throws IOException {
            Path output = home.getParent().resolve(name + ".out");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(), "--server-config=" + config,
                    "-Djboss.socket.binding.port-offset=" + offset).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("JOLOKIA_PORT", String.valueOf(8778 + offset));
            return new Server(builder.start(), output);
        }

        String output() throws IOException {
            return Files.readString(output, StandardCharsets.UTF_8);
        }

        Matcher awaitLine(Pattern pattern, long seconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                Matcher matcher = pattern.matcher(output());
                if (matcher.find()) {
                    return matcher;
                }
                if (!script.isAlive()) {
                    throw new IllegalStateException("The server ended (exit " + script.exitValue() + "):\n" + output());
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("No " + pattern + " within " + seconds + " s:\n" + output());
        }

        int awaitExit(long seconds) throws InterruptedException {
            if (!script.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The second server did not stop within " + seconds + " s");
            }
            return script.exitValue();
        }

        /** Stops the JVM as a service manager would (SIGTERM: WildFly shuts down cleanly) and waits for it. */
        @Override
        public void close() throws InterruptedException {
            script.toHandle().descendants().forEach(ProcessHandle::destroy);
            if (!script.waitFor(60, TimeUnit.SECONDS)) {
                script.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
                script.waitFor();
            }
        }
    }
}
