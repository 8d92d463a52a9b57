package dev.vigil.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server's own bin/jboss-cli.sh, run as an administrator types it (local authentication, same user). */
final class JbossCli {

    /** What one run printed, stdout and stderr together, and its exit code. */
    record Run(int exitCode, String output) {
    }

    private final Path home;
    private final String controller;

    /** The shared server's CLI, connecting to it. */
    JbossCli() {
        this(ServerAddress.jbossHome(), ServerProcess.MANAGEMENT_PORT);
    }

    /** The CLI of {@code home}, connecting to a server's management port on 127.0.0.1. */
    JbossCli(Path home, int managementPort) {
        this.home = home;
        this.controller = "--controller=remote+http://127.0.0.1:" + managementPort;
    }

    /** Connects ({@code -c}) and runs with these arguments, e.g. {@code --command=...}. */
    Run run(String... arguments) throws IOException, InterruptedException {
        Path output = Files.createTempFile("jboss-cli", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder();
            builder.command().add(home.resolve("bin/jboss-cli.sh").toString());
            builder.command().addAll(List.of("-c", controller));
            builder.command().addAll(List.of(arguments));
            builder.environment().put("JBOSS_HOME", home.toString());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("jboss-cli.sh did not finish within 60 s; printed: " + Files.readString(output));
            }
            return new Run(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
