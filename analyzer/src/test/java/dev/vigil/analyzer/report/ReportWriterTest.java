package dev.vigil.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final String BASE = "shop-server-4711-20261201T235812";

    @TempDir
    Path directory;

    @Test
    void writesBothReportsOwnerOnlyAndLeavesNoPart() throws IOException {
        Report report = SampleReports.relayLeak();
        ReportWriter.Written written = ReportWriter.write(report, directory);

        assertEquals(directory.resolve(BASE + ".report.json"), written.json());
        assertEquals(directory.resolve(BASE + ".report.html"), written.html());
        assertEquals(JsonReport.render(report), Files.readString(written.json()));
        assertEquals(HtmlReport.render(report), Files.readString(written.html()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written.json())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written.html())));
        assertEquals(List.of(BASE + ".report.html", BASE + ".report.json"), names(directory));
    }

    @Test
    void aLinkPlantedAtAReportsNameIsReplacedAndItsTargetUntouched() throws IOException {
        // the attack: a writer that opens the final name follows the link and overwrites what it points to
        Path elsewhere = Files.createDirectory(directory.resolve("elsewhere"));
        Path victim = Files.writeString(elsewhere.resolve("authorized_keys"), "ssh-ed25519 AAAA keep me\n");
        Path reports = Files.createDirectory(directory.resolve("reports"));
        Files.createSymbolicLink(reports.resolve(BASE + ".report.json"), victim);
        Files.createSymbolicLink(reports.resolve(BASE + ".report.html"), victim);

        ReportWriter.Written written = ReportWriter.write(SampleReports.relayLeak(), reports);

        assertEquals("ssh-ed25519 AAAA keep me\n", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(written.json()));
        assertFalse(Files.isSymbolicLink(written.html()));
        assertTrue(Files.isRegularFile(written.json(), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.readString(written.html()).startsWith("<!DOCTYPE html>"));
        assertEquals(List.of("authorized_keys"), names(elsewhere));
    }

    @Test
    void aStalePartOfAKilledRunIsRemovedFirstEvenALink() throws IOException {
        Path victim = Files.writeString(directory.resolve("victim.txt"), "untouched");
        Path reports = Files.createDirectory(directory.resolve("reports"));
        Files.writeString(reports.resolve("." + BASE + ".report.json"), "{ half a report");
        Files.createSymbolicLink(reports.resolve("." + BASE + ".report.html"), victim);

        ReportWriter.write(SampleReports.relayLeak(), reports);

        assertEquals("untouched", Files.readString(victim));
        assertEquals(List.of(BASE + ".report.html", BASE + ".report.json"), names(reports));
        assertTrue(Files.readString(reports.resolve(BASE + ".report.json")).startsWith("{\n  \"dump\""));
    }

    @Test
    void anEarlierReportIsReplaced() throws IOException {
        Files.writeString(directory.resolve(BASE + ".report.json"), "old");
        ReportWriter.write(SampleReports.relayLeak(), directory);
        assertTrue(Files.readString(directory.resolve(BASE + ".report.json")).contains("\"relay_jsp$1.val$env\""));
    }

    @Test
    void refusesADirectoryThatIsALink() throws IOException {
        Path real = Files.createDirectory(directory.resolve("real"));
        Path link = Files.createSymbolicLink(directory.resolve("link"), real);
        IOException refused = assertThrows(IOException.class, () -> ReportWriter.write(SampleReports.relayLeak(), link));
        assertTrue(refused.getMessage().contains(link.toString()) && refused.getMessage().contains("symbolic link"), refused.getMessage());
        assertEquals(List.of(), names(real));
    }

    @Test
    void refusesWhatIsNoDirectory() throws IOException {
        Path file = Files.writeString(directory.resolve("file"), "x");
        IOException refused = assertThrows(IOException.class, () -> ReportWriter.write(SampleReports.relayLeak(), file));
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertThrows(IOException.class, () -> ReportWriter.write(SampleReports.relayLeak(), directory.resolve("missing")));
    }

    @Test
    void namesFollowTheDump() throws IOException {
        assertEquals("idle", ReportWriter.base("idle.hprof.gz"));
        assertEquals("java_pid4711", ReportWriter.base("java_pid4711.hprof"));
        assertEquals("heap.bin", ReportWriter.base("heap.bin"));
        Report gzip = new Report("idle.hprof.gz", 1, Instant.EPOCH, Instant.EPOCH, 0, 1, 1, 0, 0, 1, null, List.of(), List.of(), List.of(),
                List.of(), List.of());
        ReportWriter.write(gzip, directory);
        assertEquals(List.of("idle.report.html", "idle.report.json"), names(directory));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
