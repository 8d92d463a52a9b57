package dev.vigil.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * examples/provision as a user runs it: copied into an empty directory, {@code mvn package} with the Maven that runs
 * this build (offline, on this build's local repository, where the build put vigil-galleon-pack), then both things it
 * makes booted: the server directory with {@code bin/standalone.sh} and the bootable jar with {@code java -jar}. Each
 * must have Vigil's layer: the heap watermark with the layer's levels, and Vigil's start lines in its log.
 * Port offsets 22700 and 22750: no other IT uses them, and every port stays below 32768 (management-https 9993 + offset
 * is the highest: 32693 and 32743).
 */
class ProvisionExampleIT {

    private static final int SERVER_OFFSET = 22700;
    private static final int JAR_OFFSET = 22750;
    private static final String SERVER = "provisioned server";
    private static final String JAR = "bootable jar";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    /** Logged by each of the four services the layer adds, as it starts: watermark, heap dumps, census, guard. */
    private static final List<String> START_MESSAGES = List.of("VIGIL0100", "VIGIL0200", "VIGIL0300", "VIGIL0405");

    @TempDir
    static Path user;

    private static Path mavenLog;
    private static Duration buildTime;
    private static final Map<String, ServerProcess> servers = new LinkedHashMap<>();

    @BeforeAll
    static void buildTheExampleAndBootWhatItMakes() throws IOException, InterruptedException {
        copyTree(Path.of(property("vigil.provision.example")), user);
        mavenLog = ServerAddress.jbossHome().getParent().resolve("provision-example-mvn.log");
        buildTime = runMaven();
        System.out.printf("examples/provision: mvn package took %d s; target/server %d MB, bootable jar %d MB%n", buildTime.toSeconds(),
                size(user.resolve("target/server")) >> 20, Files.size(bootableJar()) >> 20);

        servers.put(SERVER, ServerProcess.start("provisioned-server", user.resolve("target/server"), SERVER_OFFSET));
        servers.put(JAR, ServerProcess.startBootableJar("bootable-jar", bootableJar(), JAR_OFFSET, user.resolve("target/bootable-jar.out"), "-Xmx512m"));
        for (ServerProcess server : servers.values()) {
            server.awaitRunning();
        }
    }

    @AfterAll
    static void stop() {
        servers.values().forEach(ServerProcess::close);
    }

    /** One child Maven, both executions (the server directory and the bootable jar); its output goes to target/. */
    private static Duration runMaven() throws IOException, InterruptedException {
        Path mvn = Path.of(property("maven.home"), "bin", "mvn");
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-o", "-Dmaven.repo.local=" + property("vigil.maven.repo.local"),
                "-Dvigil.version=" + property("vigil.version"), "package"));
        long start = System.nanoTime();
        Process maven = new ProcessBuilder(command).directory(user.toFile()).redirectErrorStream(true).redirectOutput(mavenLog.toFile()).start();
        if (!maven.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + BUILD_TIMEOUT + ":\n" + tail(mavenLog));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(0, maven.exitValue(), () -> String.join(" ", command) + " failed (all of it in " + mavenLog + "):\n" + tail(mavenLog));
        return took;
    }

    private static Path bootableJar() {
        return user.resolve("target/vigil-server-bootable.jar");
    }

    @Test
    void oneMavenRunMakesTheServerDirectoryAndTheBootableJar() {
        assertTrue(Files.isExecutable(user.resolve("target/server/bin/standalone.sh")), tail(mavenLog));
        assertTrue(Files.isRegularFile(bootableJar()), tail(mavenLog));
        assertTrue(buildTime.compareTo(BUILD_TIMEOUT) < 0, buildTime::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SERVER, JAR})
    void theHeapWatermarkWatchesWithTheLayersLevels(String which) throws IOException {
        ServerProcess server = servers.get(which);
        try (Management watermark = server.management(Operations.createAddress("subsystem", "vigil", "watermark", "heap"))) {
            ModelNode resource = watermark.readResource();

            assertTrue(Set.of("NORMAL", "WARNING", "CRITICAL").contains(resource.get("state").asString()), resource.toString());
            assertEquals(70, resource.get("warning").asInt(), resource.toString());
            assertEquals(85, resource.get("critical").asInt(), resource.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SERVER, JAR})
    void vigilsServicesLogTheirStartAndNoError(String which) {
        ServerProcess server = servers.get(which);
        // the census logs its first count a moment after it starts: the boot may have said "started" before that
        await(which + " logs Vigil's start lines").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> START_MESSAGES.forEach(id -> assertTrue(server.log().contains(id), () -> id + " in:\n" + server.log())));

        List<String> vigilErrors = server.log().lines().filter(line -> line.contains(" ERROR "))
                .filter(line -> line.contains("[dev.vigil]") || line.contains("VIGIL")).collect(Collectors.toList());
        assertEquals(List.of(), vigilErrors, server.log());
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no output in " + file + ": " + e + ")";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                String relative = from.relativize(source).toString();
                if (relative.equals("target") || relative.startsWith("target/")) {
                    continue; // a build of the example in the source tree is not the user's
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static long size(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set (the failsafe configuration in pom.xml sets it)");
        }
        return value;
    }
}
