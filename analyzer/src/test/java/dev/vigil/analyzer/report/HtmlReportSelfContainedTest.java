package dev.vigil.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The page loads nothing from anywhere: no scripts, styles, fonts or images but its own inline CSS and SVG. */
class HtmlReportSelfContainedTest {

    @Test
    void theReportReferencesNothingOutside() {
        for (Report report : List.of(SampleReports.relayLeak(), SampleReports.quiet())) {
            String html = HtmlReport.render(report);
            assertEquals(List.of(), ExternalReferences.in(html));
            assertTrue(html.contains("<style>"), "the CSS is inline");
            assertTrue(html.contains("<svg id=\"chart-thread-origins\"") || report.threadOrigins().isEmpty());
        }
    }

    @Test
    void theCheckerPassesAPlainPage() {
        assertEquals(List.of(), ExternalReferences.in("<!DOCTYPE html><html><head><style>/* a comment */ a { color: red }</style></head>"
                + "<body><a href=\"#made\">how</a><svg role=\"img\" viewBox=\"0 0 10 10\"><rect width=\"5\" height=\"5\"/></svg></body></html>"));
    }

    /** Each of these alone makes a page load something: the checker must see every one. */
    @ParameterizedTest
    @ValueSource(strings = {
            "<script src=\"app.js\"></script>",
            "<script>fetch('x')</script>",
            "<img src=\"logo.png\">",
            "<img alt=x srcset=\"a.png 2x\">",
            "<link rel=\"stylesheet\" href=\"style.css\">",
            "<a href=\"https://example.com/\">x</a>",
            "<a href='other.html'>x</a>",
            "<style>@import 'more.css';</style>",
            "<style>body { background: url(bg.png) }</style>",
            "<style>@font-face { font-family: x; src: URL( 'x.woff2' ) }</style>",
            "<svg><image href=\"pic.png\"/></svg>",
            "<svg><use xlink:href=\"sprites.svg#a\"/></svg>",
            "<iframe srcdoc=\"x\"></iframe>",
            "<object data=\"x.pdf\"></object>",
            "<form action=\"/post\"></form>",
            "<p>see http://example.com</p>",
            "<div style=\"x\">//cdn.example.com/lib.js</div>",
            "<a href=\"javascript:alert(1)\">x</a>",
    })
    void theCheckerFindsEachKindOfReference(String fragment) {
        String page = "<!DOCTYPE html><html><head><style>a { color: red }</style></head><body>" + fragment + "</body></html>";
        List<String> found = ExternalReferences.in(page);
        assertFalse(found.isEmpty(), "not found: " + fragment);
    }
}
