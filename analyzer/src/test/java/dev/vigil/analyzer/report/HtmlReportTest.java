package dev.vigil.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static final String HOSTILE = "\"><img src=x onerror=alert(1)><script>alert(2)</script>&amp;'\u001b[2J";

    @Test
    void titleThenSuspectsThenChartsThenTablesThenHowItWasMade() {
        String html = HtmlReport.render(SampleReports.relayLeak());
        assertTrue(html.contains("<title>Heap dump report: shop-server-4711-20261201T235812.hprof</title>"));
        String body = html.substring(html.indexOf("<body>"));
        Matcher h1 = Pattern.compile("<h1>(.*?)</h1>", Pattern.DOTALL).matcher(body);
        assertTrue(h1.find());
        assertTrue(h1.group(1).contains("shop-server-4711-20261201T235812.hprof") && h1.group(1).contains("2026-12-01 23:58:12 UTC"), h1.group(1));

        Matcher paragraph = Pattern.compile("<p[^>]*>(.*?)</p>", Pattern.DOTALL).matcher(body);
        assertTrue(paragraph.find());
        assertEquals("200 threads of org.apache.jsp.relay_jsp$1 (created by org.apache.jsp.relay_jsp, deployment.shop.war) keep "
                + "179.8&nbsp;MiB alive, 71.9&nbsp;% of the heap.", paragraph.group(1), "suspect 1's sentence is the first on the page");

        int[] order = { body.indexOf("id=\"suspect-1\""), body.indexOf("id=\"suspect-2\""), body.indexOf("id=\"suspect-3\""),
                body.indexOf("id=\"chart-thread-origins\""), body.indexOf("id=\"chart-deployments\""), body.indexOf("id=\"thread-origins\""),
                body.indexOf("id=\"deployments\""), body.indexOf("id=\"gc-roots\""), body.indexOf("id=\"histogram\""), body.indexOf("<footer") };
        for (int i = 0; i < order.length; i++) {
            assertTrue(order[i] > 0 && (i == 0 || order[i] > order[i - 1]), "section " + i + " out of order: " + java.util.Arrays.toString(order));
        }
        assertTrue(body.indexOf("<p") > body.indexOf("</h1>"));
    }

    @Test
    void suspectOneReadsAsSentencesWithItsPathAsAChain() {
        String html = HtmlReport.render(SampleReports.relayLeak());
        String first = html.substring(html.indexOf("id=\"suspect-1\""), html.indexOf("id=\"suspect-2\""));
        String text = first.replaceAll("<[^>]+>", "");
        assertTrue(text.contains("Thread relay-17 (stack local)→ relay_jsp$1.val$env→ relay_jsp$Envelope.parts→ Object[]→ byte[]"), text);
        assertTrue(text.contains("org.apache.jsp.relay_jsp$1 in deployment.shop.war, 200 threads"), text);
        assertTrue(text.contains("200 threads running org.apache.jsp.relay_jsp$1, created by org.apache.jsp.relay_jsp, in deployment.shop.war; "
                + "among them relay-0, relay-1, relay-2"), text);
        assertTrue(text.contains("179.8 MiB, 71.9 % of the heap, in 412,000 objects"), text);
        assertTrue(first.contains("class=\"step held\">byte[]</span>"), "the suspect's own step stands out");
        assertTrue(first.contains("org.<wbr>apache.<wbr>jsp.<wbr>relay_jsp$<wbr>Envelope"), "top classes, breakable after dots");
    }

    @Test
    void sizesAreBinaryWithExactBytesInATitleAndNumbersRightAligned() {
        String html = HtmlReport.render(SampleReports.relayLeak());
        assertTrue(html.contains("<td class=\"num\" title=\"188,481,536 bytes\">179.8 MiB</td>"), "retained size of the relay threads");
        assertTrue(html.contains("<td class=\"num\">71.9 %</td>"));
        assertTrue(html.contains("<td class=\"num\">3,410</td>"), "GC roots counted with separators");
        assertTrue(html.contains(".num { text-align: right;"));
        assertTrue(html.contains("title=\"262,144,000 bytes\">250.0 MiB</span>"), "the heap in the footer");
    }

    @Test
    void oneBarPerRowWithATitleAndTheChartsAreImagesWithALabel() {
        String html = HtmlReport.render(SampleReports.relayLeak());
        String origins = svg(html, "chart-thread-origins");
        assertEquals(6, count(origins, "<rect class=\"bar "));
        assertEquals(6, count(origins, "<g class=\"row\"><title>"));
        assertTrue(origins.contains("role=\"img\""));
        assertTrue(origins.contains("aria-label=\"Retained heap by thread origin: org.apache.jsp.relay_jsp$1 · created by org.apache.jsp.relay_jsp"));
        assertTrue(origins.contains("<title>org.apache.jsp.relay_jsp$1 · created by org.apache.jsp.relay_jsp · deployment.shop.war · 200 threads: "
                + "179.8 MiB · 71.9 % of the heap</title>"));
        // 71.9 % of a 790 unit track
        assertTrue(origins.contains("<rect class=\"bar app\" x=\"0\" y=\"22\" width=\"568.0\""), origins.substring(0, 900));
        String deployments = svg(html, "chart-deployments");
        assertEquals(5, count(deployments, "<rect class=\"bar "));
        assertTrue(deployments.contains("<rect class=\"bar system\""), "server and jdk in the system colour");
        assertFalse(html.contains("xmlns=\"http"), "inline SVG in HTML needs no namespace (and no URL)");
    }

    @Test
    void aLongTableIsChartedByItsFirstRowsAndSaysSo() {
        List<ThreadOriginRow> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(new ThreadOriginRow("com.example.Worker" + i, ThreadOriginRow.UNKNOWN, "server", 1, 1000 - i, 0.1, List.of("w-" + i)));
        }
        Report report = new Report("many.hprof", 1, Instant.EPOCH, Instant.EPOCH, 0, 1 << 20, 1, 0, 0, 1, null, List.of(), many, List.of(),
                List.of(), List.of());
        String html = HtmlReport.render(report);
        assertEquals(HtmlReport.CHART_BARS, count(svg(html, "chart-thread-origins"), "<rect class=\"bar "));
        assertTrue(html.contains("(the first 20 of 30 rows; the table lists all)"));
        assertEquals(30, count(html, "<td class=\"threads\">"));
    }

    @Test
    void suspectsAfterTheThirdGetTheirSentenceAndPathOnly() {
        Report relay = SampleReports.relayLeak();
        List<Suspect> suspects = new ArrayList<>(relay.suspects());
        for (int rank = 4; rank <= 11; rank++) {
            suspects.add(new Suspect(rank, Suspect.OBJECT, "One Envelope " + rank + " keeps 1.0 MiB alive, 0.4 % of the heap.", 1 << 20, 0.4, "Envelope",
                    "deployment.shop.war", SampleReports.RELAY, List.of("Thread relay-" + rank + " (stack local)", "relay_jsp$1.val$env", "Envelope"), 200,
                    6, List.of()));
        }
        Report report = new Report(relay.dump(), relay.dumpBytes(), relay.dumpTime(), relay.analysedAt(), relay.durationMillis(), relay.heapBytes(),
                relay.objects(), relay.unreachableBytes(), relay.unreachableObjects(), relay.classes(), relay.threadsCompanion(), suspects,
                relay.threadOrigins(), relay.deployments(), relay.gcRoots(), relay.histogram());
        String html = HtmlReport.render(report);
        assertEquals(HtmlReport.FULL_SUSPECTS, count(html, "<article class=\"suspect"));
        assertTrue(html.contains("<ol class=\"more\" start=\"4\">"));
        assertTrue(html.contains("<li id=\"suspect-11\"><p>One Envelope 11 keeps 1.0&nbsp;MiB alive, 0.4&nbsp;% of the heap.</p><ol class=\"path\">"
                + "<li><span class=\"step\">Thread relay-11 (stack local)</span></li>"));
        assertTrue(html.indexOf("id=\"suspect-11\"") < html.indexOf("id=\"chart-thread-origins\""));
    }

    @Test
    void everyStringOfTheModelIsText() {
        ThreadOriginRow origin = new ThreadOriginRow(HOSTILE, HOSTILE, HOSTILE, 1, 10, 50, List.of(HOSTILE, SampleReports.HOSTILE_THREAD));
        Report report = new Report(HOSTILE, 1, Instant.EPOCH, Instant.EPOCH, 10, 20, 2, 0, 0, 1, HOSTILE,
                List.of(new Suspect(1, Suspect.THREADS, HOSTILE, 10, 50, HOSTILE, HOSTILE, origin, List.of(HOSTILE, HOSTILE), 1, 1,
                        List.of(new HistogramRow(HOSTILE, HOSTILE, 1, 1)))),
                List.of(origin), List.of(new DeploymentRow(HOSTILE, 10, 50, 1, 1, 1)), List.of(new GcRootRow(HOSTILE, 1, 1)),
                List.of(new HistogramRow(HOSTILE, HOSTILE, 1, 1)));
        String html = HtmlReport.render(report);
        assertFalse(html.contains("<img"), "an element made of a name");
        assertFalse(html.contains("<script"), "an element made of a name");
        // outside quoted attribute values (where it is escaped text), no tag has an onerror attribute
        String tags = html.replaceAll("\"[^\"]*\"", "\"\"");
        assertFalse(Pattern.compile("<[^>]*\\sonerror").matcher(tags).find(), "an attribute made of a name");
        assertFalse(html.contains("\u001b"), "a raw escape character");
        assertTrue(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&amp;amp;&#39;\\u001b[2J"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // quoted attributes (aria-label, title) hold no raw quote that could end them
        Matcher attribute = Pattern.compile("(aria-label|title)=\"([^\"]*)\"").matcher(html);
        while (attribute.find()) {
            assertFalse(attribute.group(2).contains("<"), attribute.group());
        }
    }

    @Test
    void escapeShowsControlCharactersAndReplacesLoneSurrogates() {
        assertEquals("a&lt;b&gt;c&amp;d&quot;e&#39;f", HtmlReport.escape("a<b>c&d\"e'f"));
        assertEquals("tab\tline\nnul\\u0000esc\\u001bdel\\u007fc1\\u0085", HtmlReport.escape("tab\tline\nnul\u0000esc\u001bdel\u007fc1\u0085"));
        assertEquals("pair 😀 lone \uFFFD", HtmlReport.escape("pair 😀 lone \ud83d"));
        assertEquals("", HtmlReport.escape(null));
    }

    @Test
    void noSuspectSaysSoInASentence() {
        String html = HtmlReport.render(SampleReports.quiet());
        assertTrue(html.contains("<p class=\"lead none\">No suspect: no group of threads and no single object keeps a notable share of the "
                + "40.0&nbsp;MiB heap.</p>"));
        assertTrue(html.contains("No thread census companion was read: thread creators are unknown."));
        assertTrue(html.contains("Nothing to chart."));
    }

    @Test
    void aSuspectOneBelowTheSuspectShareIsSaidToBeNoLeaksSignatureFirst() {
        Report relay = SampleReports.relayLeak();
        Suspect small = relay.suspects().get(1);
        Suspect onePercent = new Suspect(1, small.kind(), small.description(), relay.heapBytes() / 100, 1.0, small.className(), small.deployment(),
                small.threadOrigin(), small.path(), small.instances(), small.retainedObjects(), small.topClasses());
        Report healthy = new Report(relay.dump(), relay.dumpBytes(), relay.dumpTime(), relay.analysedAt(), relay.durationMillis(), relay.heapBytes(),
                relay.objects(), relay.unreachableBytes(), relay.unreachableObjects(), relay.classes(), relay.threadsCompanion(), List.of(onePercent),
                relay.threadOrigins(), relay.deployments(), relay.gcRoots(), relay.histogram());

        String html = HtmlReport.render(healthy);
        String said = "<p class=\"lead none\">Nothing keeps 10 % of the 250.0&nbsp;MiB heap alive: no leak&#39;s signature.";
        assertTrue(html.replace("10&nbsp;%", "10 %").contains(said), html.substring(html.indexOf("<section id=\"suspects\""), html.indexOf("<section id=\"suspects\"") + 600));
        assertTrue(html.indexOf("no leak&#39;s signature") < html.indexOf(small.description().substring(0, 20)), "before the largest holder");
        assertFalse(HtmlReport.render(relay).contains("no leak&#39;s signature"), "not when suspect 1 keeps 10 % or more");
    }

    @Test
    void printAndDarkStyles() {
        String html = HtmlReport.render(SampleReports.relayLeak());
        assertTrue(html.contains("@media (prefers-color-scheme: dark)"));
        assertTrue(html.contains("@media print"));
        assertTrue(html.contains("system-ui"));
    }

    private static String svg(String html, String id) {
        int start = html.indexOf("<svg id=\"" + id + "\"");
        assertTrue(start >= 0, id);
        return html.substring(start, html.indexOf("</svg>", start));
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            count++;
        }
        return count;
    }
}
