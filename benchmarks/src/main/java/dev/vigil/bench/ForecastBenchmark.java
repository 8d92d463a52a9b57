package dev.vigil.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How early and how right the forecast is: a child JVM with {@code -Xmx1g} ({@link ForecastTarget}) leaks at a
 * constant rate, with garbage beside it, until OutOfMemoryError, while the plain-Java watermark watches its own heap
 * (levels 70/85 after GC). Measured: the time-to-full the watermark's move to WARNING carried, against the time
 * OutOfMemoryError actually came after that move; the ratio is the goal (1.0; within 20 %). The baseline, from the same
 * run: a least-squares line through every after-GC reading of the same window (the child reports the last one every
 * second), saw-tooth and all, instead of through the floor.
 * <p>
 * Usage: {@code ForecastBenchmark [report.md]}; {@code -Dbench.forecast.rate} (MB/s, 3), {@code -Dbench.forecast.garbage}
 * (MB/s, 50), {@code -Dbench.forecast.window} (trend-window, s, 120), {@code -Dbench.forecast.heap} (-Xmx, 1g).
 */
public final class ForecastBenchmark {

    record Tick(long millis, long afterGcUsed, double overhead) {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "target/forecast-benchmark.md").toAbsolutePath();
        double rate = Double.parseDouble(System.getProperty("bench.forecast.rate", "3"));
        double garbage = Double.parseDouble(System.getProperty("bench.forecast.garbage", "50"));
        long window = Long.getLong("bench.forecast.window", 120);
        String heap = System.getProperty("bench.forecast.heap", "1g");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-XX:+UseG1GC",
                "-cp", System.getProperty("java.class.path"), ForecastTarget.class.getName(), "leak", String.valueOf(rate), String.valueOf(garbage),
                String.valueOf(window)).redirectErrorStream(true).start();
        List<Tick> ticks = new ArrayList<>();
        long warningMillis = -1;
        long warningForecast = -1;
        double warningPercent = 0;
        long criticalMillis = -1;
        long oomeMillis = -1;
        double naiveAtWarning = Double.NaN;
        long began = System.currentTimeMillis();
        long max = Runtime.getRuntime().maxMemory(); // replaced by the child's own below
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null;) {
                String[] f = line.split(" ");
                if (f[0].equals("TICK") && f.length == 6 && f[5].matches("[0-9.]+")) {
                    ticks.add(new Tick(Long.parseLong(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[5])));
                } else if (f[0].equals("MAX")) {
                    max = Long.parseLong(f[1]);
                } else if (f[0].equals("MOVE") && f[1].equals("heap") && f[3].equals("WARNING") && warningMillis < 0) {
                    warningPercent = Double.parseDouble(f[4]);
                    warningMillis = Long.parseLong(f[5]);
                    warningForecast = Long.parseLong(f[6]);
                    naiveAtWarning = naive(ticks, warningMillis, window * 1000, max);
                    System.out.println("  " + line);
                } else if (f[0].equals("MOVE") && f[1].equals("heap") && f[3].equals("CRITICAL") && criticalMillis < 0) {
                    criticalMillis = Long.parseLong(f[5]);
                    System.out.println("  " + line);
                } else if (f[0].equals("OOME")) {
                    oomeMillis = Long.parseLong(f[1]);
                    System.out.println("  " + line);
                }
            }
        }
        child.waitFor(60, TimeUnit.SECONDS);
        if (warningMillis < 0 || oomeMillis < 0) {
            throw new IllegalStateException("no WARNING or no OutOfMemoryError in the child's output");
        }
        double actual = (oomeMillis - warningMillis) / 1000.0;
        double overheadPeak = ticks.stream().mapToDouble(Tick::overhead).max().orElse(0);
        StringBuilder out = new StringBuilder("# Forecast: time-to-full at WARNING against the OutOfMemoryError\n\n");
        out.append(String.format(Locale.ROOT, "- When: %s; took %d s%n", Instant.now(), (System.currentTimeMillis() - began) / 1000));
        out.append(String.format(Locale.ROOT, "- JDK: %s %s; cores: %d; load average at the end: %.2f%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out.append(String.format(Locale.ROOT, "- Child: -Xmx%s -XX:+UseG1GC, leaking %.1f MB/s in 16 KB arrays with %.0f MB/s of garbage beside it, "
                + "trend-window %d s, warning 70 %%, critical 85 %%%n%n", heap, rate, garbage, window));
        out.append("| | seconds |\n|---|---:|\n");
        out.append(String.format(Locale.ROOT, "| WARNING (at %.1f %%) after start | %.0f |%n", warningPercent, (warningMillis - ticks.get(0).millis()) / 1000.0 + 1));
        out.append(String.format(Locale.ROOT, "| OutOfMemoryError after WARNING (actual) | %.1f |%n", actual));
        out.append(String.format(Locale.ROOT, "| CRITICAL after WARNING | %.1f |%n", criticalMillis > 0 ? (criticalMillis - warningMillis) / 1000.0 : Double.NaN));
        out.append(String.format(Locale.ROOT, "| time-to-full the WARNING carried (the floor's fit) | %d |%n", warningForecast));
        out.append(String.format(Locale.ROOT, "| baseline: a line through every after-GC reading of the window | %.0f |%n%n", naiveAtWarning));
        out.append(String.format(Locale.ROOT, "**Ratio forecast / actual: %.2f** (goal 0.80-1.20); baseline / actual: %.2f. gc-overhead seen at most: %.1f %%%n",
                warningForecast / actual, naiveAtWarning / actual, overheadPeak));
        String markdown = out.toString();
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(report.getParent());
        Files.writeString(report, markdown);
        System.out.println("Written to " + report);
    }

    /** Seconds to full from a least-squares line through every after-GC reading of the window before {@code atMillis}. */
    private static double naive(List<Tick> ticks, long atMillis, long windowMillis, long max) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (Tick tick : ticks) {
            if (tick.millis() > atMillis - windowMillis && tick.millis() <= atMillis && tick.afterGcUsed() > 0) {
                double x = (tick.millis() - atMillis) / 1000.0;
                sx += x;
                sy += tick.afterGcUsed();
                sxx += x * x;
                sxy += x * tick.afterGcUsed();
                n++;
            }
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double now = (sy - slope * sx) / n;
        return slope > 0 ? (max - now) / slope : Double.NaN;
    }

    private ForecastBenchmark() {
    }
}
