package dev.vigil.analyzer.report;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * {@code NAME.report.json}: the {@link Report} as JSON, pretty-printed with a 2-space indent, keys in kebab-case, times
 * ISO-8601 in UTC. Written by hand: the analyzer has no dependencies.
 */
public final class JsonReport {

    private JsonReport() {
    }

    public static String render(Report report) {
        JsonText json = new JsonText();
        json.beginObject();
        json.name("dump").value(report.dump());
        json.name("dump-bytes").value(report.dumpBytes());
        json.name("dump-time").value(report.dumpTime());
        json.name("analysed-at").value(report.analysedAt());
        json.name("duration-ms").value(report.durationMillis());
        json.name("heap-bytes").value(report.heapBytes());
        json.name("objects").value(report.objects());
        json.name("unreachable-bytes").value(report.unreachableBytes());
        json.name("unreachable-objects").value(report.unreachableObjects());
        json.name("classes").value(report.classes());
        json.name("threads-companion").value(report.threadsCompanion());

        json.name("suspects").beginArray();
        for (Suspect suspect : report.suspects()) {
            json.beginObject();
            json.name("rank").value(suspect.rank());
            json.name("kind").value(suspect.kind());
            json.name("description").value(suspect.description());
            json.name("retained-bytes").value(suspect.retainedBytes());
            json.name("retained-percent").value(suspect.retainedPercent());
            json.name("class").value(suspect.className());
            json.name("deployment").value(suspect.deployment());
            json.name("thread-origin");
            if (suspect.threadOrigin() == null) {
                json.nullValue();
            } else {
                threadOrigin(json, suspect.threadOrigin());
            }
            json.name("path");
            strings(json, suspect.path());
            json.name("instances").value(suspect.instances());
            json.name("retained-objects").value(suspect.retainedObjects());
            json.name("top-classes").beginArray();
            for (HistogramRow row : suspect.topClasses()) {
                histogramRow(json, row);
            }
            json.endArray();
            json.endObject();
        }
        json.endArray();

        json.name("thread-origins").beginArray();
        for (ThreadOriginRow row : report.threadOrigins()) {
            threadOrigin(json, row);
        }
        json.endArray();

        json.name("deployments").beginArray();
        for (DeploymentRow row : report.deployments()) {
            json.beginObject();
            json.name("deployment").value(row.deployment());
            json.name("retained-bytes").value(row.retainedBytes());
            json.name("retained-percent").value(row.retainedPercent());
            json.name("objects").value(row.objects());
            json.name("shallow-bytes").value(row.shallowBytes());
            json.name("classes").value(row.classes());
            json.endObject();
        }
        json.endArray();

        json.name("gc-roots").beginArray();
        for (GcRootRow row : report.gcRoots()) {
            json.beginObject();
            json.name("kind").value(row.kind());
            json.name("roots").value(row.roots());
            json.name("retained-bytes").value(row.retainedBytes());
            json.endObject();
        }
        json.endArray();

        json.name("histogram").beginArray();
        for (HistogramRow row : report.histogram()) {
            histogramRow(json, row);
        }
        json.endArray();
        json.endObject();
        return json.toString();
    }

    private static void threadOrigin(JsonText json, ThreadOriginRow row) {
        json.beginObject();
        json.name("entry").value(row.entry());
        json.name("creator").value(row.creator());
        json.name("deployment").value(row.deployment());
        json.name("threads").value(row.threads());
        json.name("retained-bytes").value(row.retainedBytes());
        json.name("retained-percent").value(row.retainedPercent());
        json.name("sample-threads");
        strings(json, row.sampleThreads());
        json.endObject();
    }

    private static void histogramRow(JsonText json, HistogramRow row) {
        json.beginObject();
        json.name("class").value(row.className());
        json.name("deployment").value(row.deployment());
        json.name("instances").value(row.instances());
        json.name("shallow-bytes").value(row.shallowBytes());
        json.endObject();
    }

    private static void strings(JsonText json, List<String> values) {
        json.beginArray();
        for (String value : values) {
            json.value(value);
        }
        json.endArray();
    }

    /**
     * A JSON string literal, quotes included. Escapes what JSON requires (quote, backslash, U+0000-U+001F), and also
     * DEL, U+2028 and U+2029 (line breaks to JavaScript, so the text can be pasted into a script) and unpaired
     * surrogates (they have no UTF-8 form: written raw they would turn into '?').
     */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        out.append("0".repeat(4 - hex.length())).append(hex);
    }

    /** Builds pretty-printed JSON: every member and element on its own line, empty containers as {@code []} and {@code {}}. */
    private static final class JsonText {

        private final StringBuilder out = new StringBuilder(1 << 16);
        /** Per open container: whether it has a member yet (the next one needs a comma). */
        private final Deque<Boolean> filled = new ArrayDeque<>();
        private boolean afterName;

        JsonText beginObject() {
            return open('{');
        }

        JsonText endObject() {
            return close('}');
        }

        JsonText beginArray() {
            return open('[');
        }

        JsonText endArray() {
            return close(']');
        }

        JsonText name(String name) {
            separate();
            out.append(quote(name)).append(": ");
            afterName = true;
            return this;
        }

        JsonText value(String value) {
            return value == null ? nullValue() : raw(quote(value));
        }

        JsonText value(long value) {
            return raw(Long.toString(value));
        }

        JsonText value(double value) {
            // JSON has no NaN or infinity; Double.toString of a finite value is a valid JSON number (71.9, 1.0E-5)
            return Double.isFinite(value) ? raw(Double.toString(value)) : nullValue();
        }

        JsonText value(Instant value) {
            // Instant.toString is ISO-8601 in UTC: 2026-12-01T23:58:12Z
            return value == null ? nullValue() : raw(quote(value.toString()));
        }

        JsonText nullValue() {
            return raw("null");
        }

        private JsonText raw(String literal) {
            separate();
            out.append(literal);
            return this;
        }

        private JsonText open(char bracket) {
            separate();
            out.append(bracket);
            filled.push(false);
            return this;
        }

        private JsonText close(char bracket) {
            if (filled.pop()) {
                newline();
            }
            out.append(bracket);
            return this;
        }

        /** Before a member or element: the comma and the line break it needs; nothing right after a name. */
        private void separate() {
            if (afterName) {
                afterName = false;
                return;
            }
            if (filled.isEmpty()) {
                return;
            }
            if (filled.pop()) {
                out.append(',');
            }
            filled.push(true);
            newline();
        }

        private void newline() {
            out.append('\n');
            out.append("  ".repeat(filled.size()));
        }

        @Override
        public String toString() {
            return out + "\n";
        }
    }
}
