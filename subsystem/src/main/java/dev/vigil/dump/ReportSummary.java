package dev.vigil.dump;

import java.io.IOException;
import java.nio.file.Path;

import org.jboss.dmr.ModelNode;

import dev.vigil.analyzer.report.Suspect;

/** What the log line and list-dumps say of a report: suspect 1's sentence, read from {@code NAME.report.json}. */
final class ReportSummary {

    /** A report is a few hundred KiB; one bigger than this is not read into the server's heap. */
    static final long MAX_READ = 16L * 1024 * 1024;


    private ReportSummary() {
    }

    /** Suspect 1's description; if the report has none, what it says instead; null if the report cannot be read. */
    static String firstSuspect(Path reportJson) {
        try {
            if (java.nio.file.Files.size(reportJson) > MAX_READ) {
                return null;
            }
            ModelNode report = ModelNode.fromJSONString(DumpDirectory.readString(reportJson));
            ModelNode suspects = report.get("suspects");
            if (suspects.isDefined() && !suspects.asList().isEmpty()) {
                ModelNode first = suspects.asList().get(0);
                String description = first.get("description").asString();
                // below the suspect share, the report lists the largest anyway: say it is no leak's signature
                return first.get("retained-percent").asDouble(100) >= Suspect.SHARE_PERCENT ? description
                        : "nothing keeps " + (int) Suspect.SHARE_PERCENT + " % of the heap alive; the largest: " + description;
            }
            return "no suspect: nothing keeps a large share of the heap alive";
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
