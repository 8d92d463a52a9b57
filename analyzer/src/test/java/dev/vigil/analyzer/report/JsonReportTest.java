package dev.vigil.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void topLevelKeysInKebabCaseInOrder() {
        Map<String, Object> json = object(StrictJson.parse(JsonReport.render(SampleReports.relayLeak())));
        assertEquals(List.of("dump", "dump-bytes", "dump-time", "analysed-at", "duration-ms", "heap-bytes", "objects", "unreachable-bytes",
                "unreachable-objects", "classes", "threads-companion", "suspects", "thread-origins", "deployments", "gc-roots", "histogram"),
                List.copyOf(json.keySet()));
        assertEquals("shop-server-4711-20261201T235812.hprof", json.get("dump"));
        assertEquals(287_309_824L, json.get("dump-bytes"));
        assertEquals("2026-12-01T23:58:12Z", json.get("dump-time"));
        assertEquals("2026-12-01T23:59:03.250Z", json.get("analysed-at"));
        assertEquals(41_250L, json.get("duration-ms"));
        assertEquals(SampleReports.HEAP, json.get("heap-bytes"));
        assertEquals(12_609L, json.get("classes"));
        assertEquals("shop-server-4711-20261201T235812.threads.txt", json.get("threads-companion"));
        assertEquals(6, list(json.get("thread-origins")).size());
        assertEquals(5, list(json.get("deployments")).size());
        assertEquals(9, list(json.get("gc-roots")).size());
        assertEquals(Report.HISTOGRAM_ROWS, list(json.get("histogram")).size());
    }

    @Test
    void suspectsWithTheirOriginPathAndTopClasses() {
        Map<String, Object> json = object(StrictJson.parse(JsonReport.render(SampleReports.relayLeak())));
        List<Object> suspects = list(json.get("suspects"));
        Map<String, Object> relay = object(suspects.get(0));
        assertEquals(List.of("rank", "kind", "description", "retained-bytes", "retained-percent", "class", "deployment", "thread-origin", "path",
                "instances", "retained-objects", "top-classes"), List.copyOf(relay.keySet()));
        assertEquals(1L, relay.get("rank"));
        assertEquals("threads", relay.get("kind"));
        assertEquals(SampleReports.RELAY_DESCRIPTION, relay.get("description"));
        assertEquals(71.9, relay.get("retained-percent"));
        assertEquals("org.apache.jsp.relay_jsp$1", relay.get("class"));
        assertEquals(List.of("Thread relay-17 (stack local)", "relay_jsp$1.val$env", "relay_jsp$Envelope.parts", "Object[]", "byte[]"),
                relay.get("path"));
        Map<String, Object> origin = object(relay.get("thread-origin"));
        assertEquals(List.of("entry", "creator", "deployment", "threads", "retained-bytes", "retained-percent", "sample-threads"),
                List.copyOf(origin.keySet()));
        assertEquals("org.apache.jsp.relay_jsp", origin.get("creator"));
        assertEquals(200L, origin.get("threads"));
        Map<String, Object> top = object(list(relay.get("top-classes")).get(0));
        assertEquals(List.of("class", "deployment", "instances", "shallow-bytes"), List.copyOf(top.keySet()));
        assertEquals("byte[]", top.get("class"));

        Map<String, Object> map = object(suspects.get(1));
        assertTrue(map.containsKey("thread-origin"));
        assertNull(map.get("thread-origin"));
        assertEquals("object", map.get("kind"));

        Map<String, Object> deployment = object(list(json.get("deployments")).get(0));
        assertEquals(List.of("deployment", "retained-bytes", "retained-percent", "objects", "shallow-bytes", "classes"),
                List.copyOf(deployment.keySet()));
        Map<String, Object> root = object(list(json.get("gc-roots")).get(0));
        assertEquals(List.of("kind", "roots", "retained-bytes"), List.copyOf(root.keySet()));
        assertEquals("java frame", root.get("kind"));
    }

    @Test
    void everyStringRoundTripsAndNoRawControlOrLineSeparatorIsWritten() {
        StringBuilder hostile = new StringBuilder("quote \" backslash \\ slash / ");
        for (char c = 0; c < 0x20; c++) {
            hostile.append(c);
        }
        hostile.append('\u007f').append('\u2028').append('\u2029').append("é ü 中 😀 ").append('\ud800').append(" lone ").append('\udc00').append("</script>");
        String text = hostile.toString();

        String quoted = JsonReport.quote(text);
        assertEquals(text, StrictJson.parse(quoted));
        for (char c : quoted.toCharArray()) {
            assertFalse(c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029', "raw U+" + Integer.toHexString(c) + " in " + quoted);
        }
        assertTrue(quoted.contains("\\u2028") && quoted.contains("\\u0000") && quoted.contains("\\n") && quoted.contains("\\ud800"));
        assertTrue(quoted.contains("😀"), "a proper surrogate pair is written as the character");

        Report report = new Report(text, 1, Instant.EPOCH, Instant.EPOCH, 0, 1, 1, 0, 0, 1, text, List.of(),
                List.of(new ThreadOriginRow(text, text, text, 1, 1, 100, List.of(text))), List.of(), List.of(new GcRootRow(text, 1, 1)),
                List.of(new HistogramRow(text, text, 1, 1)));
        Map<String, Object> json = object(StrictJson.parse(JsonReport.render(report)));
        assertEquals(text, json.get("dump"));
        assertEquals(List.of(text), object(list(json.get("thread-origins")).get(0)).get("sample-threads"));
        assertEquals(text, object(list(json.get("histogram")).get(0)).get("class"));
    }

    @Test
    void prettyPrintedWithTwoSpacesAndEmptyArraysAndNullsAsSuch() {
        String json = JsonReport.render(SampleReports.quiet());
        assertTrue(json.startsWith("{\n  \"dump\": \"idle.hprof.gz\",\n  \"dump-bytes\": 20000000,\n"), json);
        assertTrue(json.contains("\n  \"threads-companion\": null,\n"), json);
        assertTrue(json.contains("\n  \"suspects\": [],\n"), json);
        assertTrue(json.endsWith("\n  \"histogram\": []\n}\n"), json);

        String full = JsonReport.render(SampleReports.relayLeak());
        for (String line : full.split("\n")) {
            int indent = line.length() - line.stripLeading().length();
            assertEquals(0, indent % 2, "odd indent: " + line);
        }
        assertTrue(full.contains("\n  \"suspects\": [\n    {\n      \"rank\": 1,\n"), full.substring(0, 600));
        assertTrue(full.contains("\"path\": [\n        \"Thread relay-17 (stack local)\",\n"));
    }

    @Test
    void aShareThatIsNoNumberIsNull() {
        Report report = new Report("x.hprof", 1, null, Instant.EPOCH, 0, 0, 0, 0, 0, 0, null, List.of(), List.of(),
                List.of(new DeploymentRow("jdk", 0, Double.NaN, 0, 0, 0)), List.of(), List.of());
        Map<String, Object> json = object(StrictJson.parse(JsonReport.render(report)));
        assertNull(json.get("dump-time"));
        assertNull(object(list(json.get("deployments")).get(0)).get("retained-percent"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
