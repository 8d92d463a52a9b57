package dev.vigil.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shipped files are: the module's directory, which the surefire configuration names. */
final class OpsFiles {

    static final Path DIR = Path.of(System.getProperty("vigil.ops.dir", ".")).toAbsolutePath().normalize();
    static final Path RULES = DIR.resolve("prometheus/vigil-rules.yml");
    static final Path RULE_TESTS = DIR.resolve("prometheus/vigil-rules.test.yml");
    static final Path DASHBOARD = DIR.resolve("grafana/vigil-dashboard.json");

    static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("no file " + file + " (vigil.ops.dir=" + DIR + ")");
        }
        return file;
    }

    private OpsFiles() {
    }
}
