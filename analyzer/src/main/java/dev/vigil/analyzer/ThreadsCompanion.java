package dev.vigil.analyzer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The census companion {@code NAME.threads.txt}: human text, then after the line {@link ReportFiles#THREADS_SECTION}
 * one line per thread, {@code id TAB entry TAB creator TAB deployment TAB name}. The census resolved each thread's
 * origin while it ran, so its entry, creator and deployment win over what the dump alone tells.
 */
public final class ThreadsCompanion {

    /** One thread as the census saw it. */
    public record Line(long id, String entry, String creator, String deployment, String name) {
    }

    private final Map<Long, Line> byId;

    private ThreadsCompanion(Map<Long, Line> byId) {
        this.byId = byId;
    }

    public static ThreadsCompanion read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static ThreadsCompanion parse(List<String> lines) {
        Map<Long, Line> byId = new HashMap<>();
        boolean inSection = false;
        for (String line : lines) {
            if (!inSection) {
                inSection = line.strip().equals(ReportFiles.THREADS_SECTION);
                continue;
            }
            String[] parts = line.split("\t", 5);
            if (parts.length < 4) {
                continue;
            }
            try {
                long id = Long.parseLong(parts[0].strip());
                byId.put(id, new Line(id, parts[1], parts[2], parts[3], parts.length > 4 ? parts[4] : ""));
            } catch (NumberFormatException notAThreadLine) {
                // a blank or trailing line of text: not a thread
            }
        }
        return new ThreadsCompanion(byId);
    }

    /** The census's line for thread id {@code tid}, null if it has none. */
    public Line thread(long tid) {
        return byId.get(tid);
    }

    public int size() {
        return byId.size();
    }
}
