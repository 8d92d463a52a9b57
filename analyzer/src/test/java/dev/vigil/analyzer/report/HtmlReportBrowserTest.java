package dev.vigil.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report as a real browser renders it: headless Chromium, offline. */
class HtmlReportBrowserTest {

    /** Kept for the docs (docs/dump-report.md shows it); target/ so a build never commits it by accident. */
    static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");

    @TempDir
    static Path directory;
    static Path page;

    @BeforeAll
    static void render() throws Exception {
        HeadlessChromium.requireInstalled();
        page = directory.resolve("shop.report.html");
        Files.writeString(page, HtmlReport.render(SampleReports.relayLeak()));
    }

    @Test
    void domHasTheFirstSuspectFirstBothChartsAndTheHostileNameAsText() throws Exception {
        String dom = HeadlessChromium.dumpDom(page);
        String body = dom.substring(dom.indexOf("<body"));

        // the first paragraph on the page is suspect 1's sentence, before every other suspect's
        Matcher firstParagraph = Pattern.compile("<p[^>]*>(.*?)</p>", Pattern.DOTALL).matcher(body);
        assertTrue(firstParagraph.find());
        assertEquals(HtmlReport.prose(SampleReports.RELAY_DESCRIPTION), firstParagraph.group(1));
        int relay = body.indexOf(HtmlReport.prose(SampleReports.RELAY_DESCRIPTION));
        assertTrue(relay < body.indexOf(HtmlReport.prose(SampleReports.MAP_DESCRIPTION)));
        assertTrue(relay < body.indexOf(HtmlReport.prose(SampleReports.EXPORT_DESCRIPTION)));
        assertTrue(body.contains("Thread relay-17 (stack local)</span></li><li><span class=\"arrow\" aria-hidden=\"true\">→ </span>"
                + "<span class=\"step\">relay_jsp$1.val$env</span>"), "suspect 1's path as a chain of steps");

        assertEquals(SampleReports.origins().size(), bars(body, "chart-thread-origins"));
        assertEquals(SampleReports.deployments().size(), bars(body, "chart-deployments"));
        assertTrue(body.indexOf("id=\"chart-thread-origins\"") < body.indexOf("id=\"chart-deployments\""));
        assertTrue(body.indexOf("id=\"chart-deployments\"") < body.indexOf("id=\"thread-origins\""), "the charts come before the tables");

        // the hostile thread name is text wherever it appears: no element was made of it
        assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(dom.contains("<script"), "no script element in the rendered DOM");
    }

    @Test
    void screenshotIsWrittenAndNotBlank() throws Exception {
        Path png = directory.resolve("report.png");
        HeadlessChromium.screenshot(page, png, 1280, 1800);
        assertTrue(Files.size(png) > 0, "Chromium wrote no screenshot");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(1800, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        // text, the suspect's accent, both bar colours, tracks and background: a blank or failed page has one or two
        assertTrue(colours.size() > 20, "the screenshot looks blank: " + colours.size() + " colours");
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(png, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The bars of one chart: its SVG's {@code rect class="bar ..."} elements. */
    private static int bars(String body, String chart) {
        int start = body.indexOf("<svg id=\"" + chart + "\"");
        assertTrue(start >= 0, "no chart " + chart);
        String svg = body.substring(start, body.indexOf("</svg>", start));
        Matcher bar = Pattern.compile("<rect class=\"bar ").matcher(svg);
        int count = 0;
        while (bar.find()) {
            count++;
        }
        return count;
    }
}
