package dev.vigil.ops;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The real promtool, Prometheus' own checker, run as a user runs it. */
final class Promtool {

    /** What a run printed (stdout and stderr together) and how it ended. */
    record Run(List<String> command, int exitCode, String output) {
        @Override
        public String toString() {
            return String.join(" ", command) + " exited " + exitCode + ":\n" + output;
        }
    }

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    /**
     * The promtool named by -Dvigil.promtool, else the first on the PATH; an error naming what to install when there
     * is none, since a build that cannot check the rules must not pass as if it had.
     */
    static Promtool find() {
        String named = System.getProperty("vigil.promtool");
        if (named != null && !named.isBlank()) {
            Path path = Path.of(named);
            if (!Files.isExecutable(path)) {
                throw new AssertionError("-Dvigil.promtool=" + named + " is no executable file");
            }
            return new Promtool(path);
        }
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
                return new Promtool(Path.of(dir, "promtool"));
            }
        }
        throw new AssertionError("promtool is not installed: no promtool on the PATH (" + pathVariable + "). The rules' tests "
                + "need Prometheus' promtool: install Debian's or Ubuntu's package 'prometheus' (sudo apt-get install prometheus; "
                + ".ci/run does this), or unpack a release from https://prometheus.io/download/ and put its promtool on the PATH "
                + "(or name it with -Dvigil.promtool=/path/to/promtool). Or skip the tests with -DskipTests.");
    }

    /** Runs promtool with the arguments in {@code dir} (so that rule_files resolve as beside the file). */
    Run run(Path dir, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within 60 s");
            }
            return new Run(command, process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
