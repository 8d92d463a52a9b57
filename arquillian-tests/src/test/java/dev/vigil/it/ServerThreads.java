package dev.vigil.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.vigil.guard.PortListeners;

/**
 * What the processes were doing when a request to a server went unanswered: the thread dump of the process listening
 * on the port ({@code jcmd PID Thread.print}, saved whole under target/) and the test JVM's own HTTP client threads,
 * in short, for the failure message. A hang then explains itself in the CI log instead of being a mystery.
 */
final class ServerThreads {

    /** Thread names (or frames) worth showing in the short form. */
    private static final List<String> INTERESTING = List.of("jolokia", "HTTP-Dispatcher", "HttpClient", "dev.vigil", "management-handler");

    private ServerThreads() {
    }

    static String whenUnanswered(int port) {
        StringBuilder report = new StringBuilder();
        try {
            long pid = PortListeners.others(List.of(new java.net.InetSocketAddress(port))).getOrDefault(port, PortListeners.UNKNOWN_PID);
            if (pid == PortListeners.UNKNOWN_PID) {
                return "no process (that this user may look into) listens on port " + port;
            }
            String dump = threadDump(pid);
            Path saved = Path.of("target", "unanswered-" + port + "-pid" + pid + "-" + System.currentTimeMillis() + ".threads.txt");
            Files.createDirectories(saved.getParent());
            Files.writeString(saved, dump);
            report.append("pid ").append(pid).append(" listens on ").append(port).append(" (whole dump: ").append(saved.toAbsolutePath()).append(")\n");
            report.append(shortForm(List.of(dump.split("\n\n"))));
        } catch (IOException | RuntimeException e) {
            report.append("no thread dump of the server: ").append(e).append('\n');
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        report.append("test JVM:\n").append(shortForm(testJvmThreads()));
        return report.toString();
    }

    private static List<String> testJvmThreads() {
        List<String> threads = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            StringBuilder one = new StringBuilder("\"" + entry.getKey().getName() + "\" " + entry.getKey().getState());
            for (StackTraceElement frame : entry.getValue()) {
                one.append("\n\tat ").append(frame);
            }
            threads.add(one.toString());
        }
        return threads;
    }

    /** Each interesting thread: its first line and top 6 frames. */
    private static String shortForm(List<String> threads) {
        return threads.stream().filter(t -> INTERESTING.stream().anyMatch(t::contains)).map(t -> t.lines().limit(7).collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String threadDump(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return out;
    }
}
