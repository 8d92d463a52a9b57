package dev.vigil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the compiled subsystem, as {@code jdeps} reads it from the class files: the subsystem wiring at
 * the top, the four capabilities below it, the shared leaves at the bottom. Nothing points back up, and a capability
 * reaches another only through a shared leaf.
 */
class PackageGraphTest {

    private static final String ROOT = "dev.vigil";
    /** The extension, the root registrar, the schema and the wiring between capabilities. */
    private static final String SUBSYSTEM = "dev.vigil.subsystem";
    private static final Set<String> CAPABILITIES = Set.of("dev.vigil.watermark", "dev.vigil.census", "dev.vigil.dump", "dev.vigil.guard",
            "dev.vigil.suspect", "dev.vigil.health");
    /** Where capabilities meet: management helpers, actions, formatting, the periodic task, the logger. */
    private static final Set<String> LEAVES = Set.of(ROOT, "dev.vigil.management", "dev.vigil.action", "dev.vigil.format", "dev.vigil.periodic",
            "dev.vigil.evidence");

    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.vigil[\\w.$]*)\\s+->\\s+(dev\\.vigil[\\w.$]*)\\s");

    /** Class to class, within Vigil. */
    private static final Map<String, Set<String>> classEdges = new TreeMap<>();

    @BeforeAll
    static void readClasses() {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.isDirectory(classes.resolve("dev/vigil")), "the compiled classes are in " + classes.toAbsolutePath());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none", classes.toString());
        assertEquals(0, exit, out.toString());
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find()) {
                classEdges.computeIfAbsent(edge.group(1), c -> new TreeSet<>()).add(edge.group(2));
            }
        }
        assertTrue(classEdges.size() > 50, "jdeps read the classes: " + classEdges.size() + " classes with dependencies");
    }

    @Test
    void everyPackageIsPlaced() {
        List<String> unplaced = new ArrayList<>();
        for (String type : classEdges.keySet()) {
            String p = packageOf(type);
            if (!p.equals(SUBSYSTEM) && !CAPABILITIES.contains(p) && !LEAVES.contains(p)) {
                unplaced.add(type);
            }
        }
        assertEquals(List.of(), unplaced, "classes in a package that is neither the subsystem, a capability nor a shared leaf");
    }

    @Test
    void nothingDependsOnTheSubsystemPackage() {
        assertEquals(List.of(), edges((from, to) -> !from.equals(SUBSYSTEM) && to.equals(SUBSYSTEM)),
                "only the subsystem package may use the subsystem package: it is the top");
    }

    @Test
    void noCapabilityDependsOnAnother() {
        assertEquals(List.of(), edges((from, to) -> CAPABILITIES.contains(from) && CAPABILITIES.contains(to) && !from.equals(to)),
                "a capability reaches another only through a small interface in a shared leaf");
    }

    @Test
    void sharedLeavesDependOnNoCapability() {
        assertEquals(List.of(), edges((from, to) -> LEAVES.contains(from) && (CAPABILITIES.contains(to) || to.equals(SUBSYSTEM))),
                "a shared leaf may use only other shared leaves");
    }

    @Test
    void thePackageGraphHasNoCycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String edge : edges((from, to) -> !from.equals(to))) {
            String[] parts = edge.split(" -> ");
            graph.computeIfAbsent(packageOf(parts[0]), p -> new TreeSet<>()).add(packageOf(parts[1]));
        }
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycle(graph, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertEquals(List.of(), cycles, "packages that reach themselves");
    }

    /** Depth first from the path's last package; a cycle is recorded from its smallest package, so each shows once. */
    private static void findCycle(Map<String, Set<String>> graph, String start, List<String> path, List<String> cycles) {
        for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (next.compareTo(start) > 0 && !path.contains(next)) {
                path.add(next);
                findCycle(graph, start, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    private interface PackageRule {
        boolean broken(String fromPackage, String toPackage);
    }

    /** The class-to-class edges whose packages break the rule, e.g. {@code dev.vigil.census.X -> dev.vigil.subsystem.Y}. */
    private static List<String> edges(PackageRule rule) {
        List<String> broken = new ArrayList<>();
        classEdges.forEach((from, targets) -> {
            for (String to : targets) {
                if (rule.broken(packageOf(from), packageOf(to))) {
                    broken.add(from + " -> " + to);
                }
            }
        });
        return broken;
    }

    private static String packageOf(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? "" : type.substring(0, dot);
    }
}
