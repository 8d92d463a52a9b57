package dev.vigil.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.leaks.PluginScenario;

import dev.vigil.analyzer.hprof.SizeModel;
import dev.vigil.analyzer.report.DeploymentRow;
import dev.vigil.analyzer.report.Report;
import dev.vigil.analyzer.report.Suspect;

/** Scenario 4: a loader named plugin whose class's static holds a byte[8 MiB], kept by an instance in the app's statics. */
class ClassLoaderLeakTest {

    @TempDir
    static Path dir;
    static Report report;

    static final long DATA = SizeModel.align8(16 + PluginScenario.DATA_BYTES);

    @BeforeAll
    static void dumpAndAnalyze() throws Exception {
        Path source = Files.createDirectories(dir.resolve("src/plugin")).resolve("Plugin.java");
        Files.writeString(source, PluginScenario.source());
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString()));
        report = Analyzer.analyze(ScenarioDumps.dump(PluginScenario.class, dir, classes.toString()), null, Progress.NONE);
        System.out.println(ReportText.of(report));
    }

    @Test
    void thePluginDeploymentKeepsTheByteArray() {
        DeploymentRow plugin = report.deployments().stream().filter(d -> d.deployment().equals("plugin")).findFirst().orElseThrow();
        assertEquals(1, plugin.classes());
        // its objects: the Plugin instance (16) and the class object (96 + one reference, 104), which alone holds the array
        assertEquals(2, plugin.objects());
        assertEquals(16 + 104, plugin.shallowBytes());
        assertEquals(16 + 104 + DATA, plugin.retainedBytes());
    }

    @Test
    void suspectOneIsThePluginClass() {
        Suspect first = report.suspects().get(0);
        assertEquals(Suspect.OBJECT, first.kind());
        assertEquals("plugin", first.deployment());
        assertEquals("plugin.Plugin", first.className());
        assertEquals(104 + DATA, first.retainedBytes());
        assertTrue(first.description().startsWith("The class plugin.Plugin (plugin) keeps 8.0 MiB alive"), first.description());
        assertEquals("class Plugin", first.path().get(first.path().size() - 1), first.path().toString());
    }
}
