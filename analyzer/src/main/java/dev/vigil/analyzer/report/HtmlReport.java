package dev.vigil.analyzer.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code NAME.report.html}: the {@link Report} as one self-contained HTML5 page that opens offline in any browser.
 * Inline CSS only, no script, no font, no image, no external reference of any kind: the page is read on a laptop the
 * dump was copied to, often with no network, sometimes printed. The suspects come first, as sentences; then the
 * charts of retained heap by thread origin and by deployment (inline SVG); then the tables; how it was made last.
 *
 * <p>Every string of the model is escaped: thread and class names come from the analysed program, and a thread named
 * {@code <script>} is text here.
 */
public final class HtmlReport {

    /** Suspects shown with all their facts; the others get their sentence and path. */
    static final int FULL_SUSPECTS = 3;

    /** Bars per chart; the tables below the charts list every row. */
    static final int CHART_BARS = 20;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    // Chart geometry in SVG user units: a label line, then the bar on its track and the value right of it.
    private static final int CHART_WIDTH = 960;
    private static final int TRACK_WIDTH = 790;
    private static final int ROW_HEIGHT = 46;
    private static final int LABEL_CHARS = 124;

    private HtmlReport() {
    }

    public static String render(Report report) {
        StringBuilder page = new StringBuilder(1 << 17);
        String name = escape(report.dump());
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
                .append("<title>Heap dump report: ").append(name).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");

        page.append("<header>\n<h1><span class=\"label\">Heap dump</span> <span class=\"file\">").append(name).append("</span>");
        if (report.dumpTime() != null) {
            page.append(" <span class=\"when\">written <time datetime=\"").append(report.dumpTime()).append("\">")
                    .append(WHEN.format(report.dumpTime())).append("</time></span>");
        }
        page.append("</h1>\n");
        page.append("<nav aria-label=\"Sections\"><a href=\"#suspects\">Suspects</a> <a href=\"#charts\">Retained heap</a> "
                + "<a href=\"#thread-origins\">Thread origins</a> <a href=\"#deployments\">Deployments</a> "
                + "<a href=\"#gc-roots\">GC roots</a> <a href=\"#histogram\">Class histogram</a> <a href=\"#made\">How this was made</a></nav>\n");
        page.append("</header>\n<main>\n");

        suspects(page, report);
        charts(page, report);
        originTable(page, report);
        deploymentTable(page, report);
        gcRootTable(page, report);
        histogramTable(page, report);
        page.append("</main>\n");
        footer(page, report);
        page.append("</body>\n</html>\n");
        return page.toString();
    }

    /** The sentence both the page and the command line give when there is no suspect. */
    public static String noSuspect(Report report) {
        return "No suspect: no group of threads and no single object keeps a notable share of the " + Quantities.bytes(report.heapBytes())
                + " heap.";
    }

    /** What the page says first when even suspect 1 keeps less than the suspect share. */
    static String belowSuspectShare(Report report) {
        return "Nothing keeps " + (int) Suspect.SHARE_PERCENT + " % of the " + Quantities.bytes(report.heapBytes())
                + " heap alive: no leak's signature. The largest holders follow, for the record.";
    }

    private static void suspects(StringBuilder page, Report report) {
        page.append("<section id=\"suspects\" aria-labelledby=\"suspects-heading\">\n<h2 id=\"suspects-heading\" class=\"quiet\">Suspects</h2>\n");
        if (report.suspects().isEmpty()) {
            page.append("<p class=\"lead none\">").append(prose(noSuspect(report))).append("</p>\n");
        } else if (report.suspects().get(0).retainedPercent() < Suspect.SHARE_PERCENT) {
            // the largest holders are listed regardless; below the suspect share they are no leak's signature
            page.append("<p class=\"lead none\">").append(prose(belowSuspectShare(report))).append("</p>\n");
        }
        int count = report.suspects().size();
        for (Suspect suspect : report.suspects().subList(0, Math.min(count, FULL_SUSPECTS))) {
            boolean first = suspect == report.suspects().get(0);
            page.append("<article class=\"suspect").append(first ? " first" : "").append("\" id=\"suspect-").append(suspect.rank())
                    .append("\" aria-label=\"Suspect ").append(suspect.rank()).append(" of ").append(count).append("\">\n");
            page.append("<p class=\"lead\">").append(prose(suspect.description())).append("</p>\n");
            page.append("<dl class=\"facts\">\n");

            page.append("<dt>Path from a GC root</dt>\n<dd>");
            path(page, suspect.path());
            page.append("</dd>\n");

            page.append("<dt>Class</dt>\n<dd><code>").append(escape(suspect.className())).append("</code> in <span class=\"deployment\">")
                    .append(escape(suspect.deployment())).append("</span>");
            if (Suspect.THREADS.equals(suspect.kind())) {
                page.append(", ").append(Quantities.count(suspect.instances())).append(suspect.instances() == 1 ? " thread" : " threads");
            } else {
                page.append(", ").append(Quantities.count(suspect.instances())).append(suspect.instances() == 1 ? " instance" : " instances")
                        .append(" in the heap");
            }
            page.append("</dd>\n");

            page.append("<dt>Keeps alive</dt>\n<dd>").append(size(suspect.retainedBytes())).append(", ").append(Quantities.percent(suspect.retainedPercent()))
                    .append(" of the heap, in ").append(Quantities.count(suspect.retainedObjects())).append(suspect.retainedObjects() == 1 ? " object" : " objects")
                    .append("</dd>\n");

            page.append("<dt>Thread origin</dt>\n<dd>");
            if (suspect.threadOrigin() == null) {
                page.append("none: no thread holds it");
            } else {
                origin(page, suspect.threadOrigin());
            }
            page.append("</dd>\n");

            if (!suspect.topClasses().isEmpty()) {
                page.append("<dt>What it keeps most of</dt>\n<dd><div class=\"scroll\"><table class=\"compact\">\n<thead><tr><th scope=\"col\">Class</th>"
                        + "<th scope=\"col\">Deployment</th><th scope=\"col\" class=\"num\">Instances</th><th scope=\"col\" class=\"num\">Shallow</th>"
                        + "</tr></thead>\n<tbody>\n");
                for (HistogramRow row : suspect.topClasses()) {
                    page.append("<tr><td class=\"class\">").append(breakable(row.className())).append("</td><td class=\"deployment\">")
                            .append(breakable(row.deployment())).append("</td><td class=\"num\">").append(Quantities.count(row.instances()))
                            .append("</td>").append(sizeCell(row.shallowBytes())).append("</tr>\n");
                }
                page.append("</tbody>\n</table></div></dd>\n");
            }
            page.append("</dl>\n</article>\n");
        }
        if (count > FULL_SUSPECTS) {
            // the rest in a line or two each, so the charts are not pushed pages down
            page.append("<h3 class=\"quiet\">More suspects</h3>\n<ol class=\"more\" start=\"").append(FULL_SUSPECTS + 1).append("\">\n");
            for (Suspect suspect : report.suspects().subList(FULL_SUSPECTS, count)) {
                page.append("<li id=\"suspect-").append(suspect.rank()).append("\"><p>").append(prose(suspect.description())).append("</p>");
                path(page, suspect.path());
                page.append("</li>\n");
            }
            page.append("</ol>\n");
        }
        page.append("</section>\n");
    }

    /** A path from a GC root as a chain of steps, root first, the suspect itself marked. */
    private static void path(StringBuilder page, List<String> path) {
        page.append("<ol class=\"path\">");
        for (int i = 0; i < path.size(); i++) {
            page.append("<li>");
            if (i > 0) {
                page.append("<span class=\"arrow\" aria-hidden=\"true\">→ </span>");
            }
            boolean last = i == path.size() - 1;
            page.append("<span class=\"step").append(last ? " held" : "").append("\">").append(escape(path.get(i))).append("</span></li>");
        }
        page.append("</ol>");
    }

    private static void origin(StringBuilder page, ThreadOriginRow origin) {
        page.append(Quantities.count(origin.threads())).append(origin.threads() == 1 ? " thread" : " threads").append(" running <code>")
                .append(escape(origin.entry())).append("</code>, ");
        if (ThreadOriginRow.UNKNOWN.equals(origin.creator())) {
            page.append("creator unknown");
        } else {
            page.append("created by <code>").append(escape(origin.creator())).append("</code>");
        }
        page.append(", in <span class=\"deployment\">").append(escape(origin.deployment())).append("</span>");
        if (!origin.sampleThreads().isEmpty()) {
            page.append("; ").append(origin.sampleThreads().size() < origin.threads() ? "among them " : "named ");
            threadNames(page, origin.sampleThreads());
        }
    }

    private static void threadNames(StringBuilder page, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            // a short name stays on one line ("relay-1", not "relay-" and "1"); a long one may wrap anywhere
            String name = names.get(i);
            page.append(i == 0 ? "" : ", ").append(name.length() <= 32 ? "<span class=\"thread short\">" : "<span class=\"thread\">").append(escape(name))
                    .append("</span>");
        }
    }

    private static void charts(StringBuilder page, Report report) {
        page.append("<section id=\"charts\" aria-labelledby=\"charts-heading\">\n<h2 id=\"charts-heading\">Retained heap</h2>\n");
        page.append("<p class=\"note\">Each bar is a share of the ").append(size(report.heapBytes()))
                .append(" heap reachable from the GC roots; a row's objects are counted once within it, so rows of one chart may overlap.</p>\n");

        List<Bar> origins = report.threadOrigins().stream()
                .map(row -> new Bar(row.entry() + (ThreadOriginRow.UNKNOWN.equals(row.creator()) ? "" : " · created by " + row.creator()) + " · "
                        + row.deployment() + " · " + Quantities.count(row.threads()) + (row.threads() == 1 ? " thread" : " threads"),
                        row.retainedBytes(), row.retainedPercent(), isApplication(row.deployment())))
                .toList();
        chart(page, "chart-thread-origins", "Retained heap by thread origin", origins);
        List<Bar> deployments = report.deployments().stream()
                .map(row -> new Bar(row.deployment() + " · " + Quantities.count(row.objects()) + " objects of " + Quantities.count(row.classes())
                        + (row.classes() == 1 ? " class" : " classes"), row.retainedBytes(), row.retainedPercent(), isApplication(row.deployment())))
                .toList();
        chart(page, "chart-deployments", "Retained heap by deployment", deployments);
        page.append("<p class=\"legend\"><span class=\"swatch app\"></span> a deployment <span class=\"swatch system\"></span> the server or the JDK</p>\n");
        page.append("</section>\n");
    }

    private static boolean isApplication(String deployment) {
        return deployment != null && deployment.startsWith("deployment.");
    }

    /** One row of a chart; {@code application}: a deployment's, drawn in the accent colour (the server's and the JDK's in grey). */
    private record Bar(String label, long bytes, double percent, boolean application) {
    }

    /** A horizontal bar chart as inline SVG: each row a label line, its bar on a 100 % track, and its size and share. */
    private static void chart(StringBuilder page, String id, String title, List<Bar> rows) {
        List<Bar> bars = rows.subList(0, Math.min(rows.size(), CHART_BARS));
        page.append("<figure class=\"chart\">\n<figcaption id=\"").append(id).append("-caption\">").append(escape(title));
        if (rows.size() > bars.size()) {
            page.append(" (the first ").append(bars.size()).append(" of ").append(rows.size()).append(" rows; the table lists all)");
        }
        page.append("</figcaption>\n");
        if (bars.isEmpty()) {
            page.append("<p class=\"note\">Nothing to chart.</p>\n</figure>\n");
            return;
        }
        StringBuilder summary = new StringBuilder(title).append(": ");
        for (Bar bar : bars) {
            summary.append(bar == bars.get(0) ? "" : "; ").append(bar.label()).append(", ").append(Quantities.percent(bar.percent()));
        }
        int height = bars.size() * ROW_HEIGHT + 4;
        page.append("<svg id=\"").append(id).append("\" class=\"bars\" role=\"img\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ').append(height)
                .append("\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" aria-label=\"").append(escape(summary.toString())).append("\">\n");
        int top = 0;
        for (Bar bar : bars) {
            double share = Math.max(0, Math.min(100, bar.percent()));
            // a share too small to see still gets a sliver, so every row visibly has its bar
            double width = share == 0 ? 0 : Math.max(2, TRACK_WIDTH * share / 100);
            String value = Quantities.bytes(bar.bytes()) + " · " + Quantities.percent(bar.percent());
            page.append("<g class=\"row\"><title>").append(escape(bar.label())).append(": ").append(escape(value)).append(" of the heap</title>")
                    .append("<text class=\"bar-label\" x=\"0\" y=\"").append(top + 15).append("\">").append(escape(shorten(bar.label()))).append("</text>")
                    .append("<rect class=\"track\" x=\"0\" y=\"").append(top + 22).append("\" width=\"").append(TRACK_WIDTH)
                    .append("\" height=\"16\" rx=\"3\"/>")
                    .append("<rect class=\"bar ").append(bar.application() ? "app" : "system").append("\" x=\"0\" y=\"").append(top + 22)
                    .append("\" width=\"").append(String.format(Locale.ROOT, "%.1f", width)).append("\" height=\"16\" rx=\"3\"/>")
                    .append("<text class=\"bar-value\" x=\"").append(CHART_WIDTH).append("\" y=\"").append(top + 35)
                    .append("\" text-anchor=\"end\">").append(escape(value)).append("</text></g>\n");
            top += ROW_HEIGHT;
        }
        page.append("</svg>\n</figure>\n");
    }

    /** SVG text does not wrap: a label longer than the chart is cut, its whole text in the bar's title. */
    private static String shorten(String label) {
        return label.length() <= LABEL_CHARS ? label : label.substring(0, LABEL_CHARS - 1) + "…";
    }

    private static void originTable(StringBuilder page, Report report) {
        page.append("<section id=\"thread-origins\" aria-labelledby=\"thread-origins-heading\">\n<h2 id=\"thread-origins-heading\">Thread origins</h2>\n");
        page.append("<p class=\"note\">Threads grouped by the class they run and the code that started them");
        page.append(report.threadsCompanion() == null ? " (no census companion was read: creators are unknown)" : " (creators from " + escape(report.threadsCompanion()) + ")");
        page.append(", with the heap they keep alive together.</p>\n");
        if (report.threadOrigins().isEmpty()) {
            page.append("<p class=\"note\">No threads in the dump.</p>\n</section>\n");
            return;
        }
        page.append("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Entry</th><th scope=\"col\">Created by</th><th scope=\"col\">Deployment</th>"
                + "<th scope=\"col\" class=\"num\">Threads</th><th scope=\"col\" class=\"num\">Retained</th><th scope=\"col\" class=\"num\">Share</th>"
                + "<th scope=\"col\">Among them</th></tr></thead>\n<tbody>\n");
        for (ThreadOriginRow row : report.threadOrigins()) {
            page.append("<tr><td class=\"class\">").append(breakable(row.entry())).append("</td><td class=\"class\">").append(breakable(row.creator()))
                    .append("</td><td class=\"deployment\">").append(breakable(row.deployment())).append("</td><td class=\"num\">")
                    .append(Quantities.count(row.threads())).append("</td>").append(sizeCell(row.retainedBytes())).append("<td class=\"num\">")
                    .append(Quantities.percent(row.retainedPercent())).append("</td><td class=\"threads\">");
            threadNames(page, row.sampleThreads());
            page.append("</td></tr>\n");
        }
        page.append("</tbody>\n</table></div>\n</section>\n");
    }

    private static void deploymentTable(StringBuilder page, Report report) {
        page.append("<section id=\"deployments\" aria-labelledby=\"deployments-heading\">\n<h2 id=\"deployments-heading\">Deployments</h2>\n");
        page.append("<p class=\"note\">The heap kept alive by the objects of each class loader's classes: <code>server</code> is the server's "
                + "modules, <code>jdk</code> the JDK's classes.</p>\n");
        if (report.deployments().isEmpty()) {
            page.append("<p class=\"note\">No deployments in the dump.</p>\n</section>\n");
            return;
        }
        page.append("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Deployment</th><th scope=\"col\" class=\"num\">Retained</th>"
                + "<th scope=\"col\" class=\"num\">Share</th><th scope=\"col\" class=\"num\">Objects</th><th scope=\"col\" class=\"num\">Shallow</th>"
                + "<th scope=\"col\" class=\"num\">Classes</th></tr></thead>\n<tbody>\n");
        for (DeploymentRow row : report.deployments()) {
            page.append("<tr><td class=\"deployment\">").append(breakable(row.deployment())).append("</td>").append(sizeCell(row.retainedBytes()))
                    .append("<td class=\"num\">").append(Quantities.percent(row.retainedPercent())).append("</td><td class=\"num\">")
                    .append(Quantities.count(row.objects())).append("</td>").append(sizeCell(row.shallowBytes())).append("<td class=\"num\">")
                    .append(Quantities.count(row.classes())).append("</td></tr>\n");
        }
        page.append("</tbody>\n</table></div>\n</section>\n");
    }

    private static void gcRootTable(StringBuilder page, Report report) {
        page.append("<section id=\"gc-roots\" aria-labelledby=\"gc-roots-heading\">\n<h2 id=\"gc-roots-heading\">GC roots</h2>\n");
        page.append("<p class=\"note\">Retained: what roots of that kind alone keep alive (no root of another kind reaches it).</p>\n");
        page.append("<div class=\"scroll\"><table class=\"narrow\">\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\" class=\"num\">Roots</th>"
                + "<th scope=\"col\" class=\"num\">Retained</th></tr></thead>\n<tbody>\n");
        for (GcRootRow row : report.gcRoots()) {
            page.append("<tr><td>").append(escape(row.kind())).append("</td><td class=\"num\">").append(Quantities.count(row.roots())).append("</td>")
                    .append(sizeCell(row.retainedBytes())).append("</tr>\n");
        }
        page.append("</tbody>\n</table></div>\n</section>\n");
    }

    private static void histogramTable(StringBuilder page, Report report) {
        page.append("<section id=\"histogram\" aria-labelledby=\"histogram-heading\">\n<h2 id=\"histogram-heading\">Class histogram</h2>\n");
        page.append("<p class=\"note\">Classes by the size of their instances themselves (shallow), most first; the top ").append(Report.HISTOGRAM_ROWS)
                .append(".</p>\n");
        page.append("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Class</th>"
                + "<th scope=\"col\">Deployment</th><th scope=\"col\" class=\"num\">Instances</th><th scope=\"col\" class=\"num\">Shallow</th>"
                + "</tr></thead>\n<tbody>\n");
        int rank = 0;
        for (HistogramRow row : report.histogram()) {
            page.append("<tr><td class=\"num rank\">").append(++rank).append("</td><td class=\"class\">").append(breakable(row.className()))
                    .append("</td><td class=\"deployment\">").append(breakable(row.deployment())).append("</td><td class=\"num\">")
                    .append(Quantities.count(row.instances())).append("</td>").append(sizeCell(row.shallowBytes())).append("</tr>\n");
        }
        page.append("</tbody>\n</table></div>\n</section>\n");
    }

    private static void footer(StringBuilder page, Report report) {
        page.append("<footer id=\"made\">\n<h2>How this was made</h2>\n<p>Written by Vigil's heap dump analyzer");
        if (report.analysedAt() != null) {
            page.append(" at <time datetime=\"").append(report.analysedAt()).append("\">").append(WHEN.format(report.analysedAt())).append("</time>");
        }
        page.append(", in ").append(duration(report.durationMillis())).append(", from <span class=\"file\">").append(escape(report.dump()))
                .append("</span> (").append(size(report.dumpBytes())).append(" on disk).</p>\n");
        page.append("<p>Heap reachable from the GC roots: ").append(size(report.heapBytes())).append(" in ").append(Quantities.count(report.objects()))
                .append(" objects of ").append(Quantities.count(report.classes())).append(" classes; every share on this page is of it. ")
                .append("Unreachable (garbage the dump holds, in no table): ").append(size(report.unreachableBytes())).append(" in ")
                .append(Quantities.count(report.unreachableObjects())).append(" objects.</p>\n");
        page.append("<p>").append(report.threadsCompanion() == null ? "No thread census companion was read: thread creators are unknown."
                : "Thread creators from the census companion <span class=\"file\">" + escape(report.threadsCompanion()) + "</span>.")
                .append(" Sizes are binary (1 MiB = 1,048,576 bytes); hover a size for its exact bytes.</p>\n</footer>\n");
    }

    private static String duration(long millis) {
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        Duration duration = Duration.ofMillis(millis);
        return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
    }

    /**
     * A sentence of the model for the page: escaped, and a number kept on one line with its unit ({@code 71.9&nbsp;%},
     * {@code 179.8&nbsp;MiB}).
     */
    static String prose(String text) {
        return escape(text).replaceAll("(\\d) (%|B|KiB|MiB|GiB|TiB)(?=\\W|$)", "$1&nbsp;$2");
    }

    /**
     * A class or deployment name for a table cell: escaped, with a possible line break after each dot and dollar of a
     * long one, so {@code com.example.shop.catalogue.ProductVariant$Builder} wraps between its parts, not inside them.
     */
    static String breakable(String name) {
        String escaped = escape(name);
        return escaped.length() <= 24 ? escaped : escaped.replace(".", ".<wbr>").replace("$", "$<wbr>");
    }

    /** A binary size with its exact bytes in a title (hover, screen readers). */
    private static String size(long bytes) {
        return "<span class=\"size\" title=\"" + Quantities.count(bytes) + " bytes\">" + Quantities.bytes(bytes) + "</span>";
    }

    private static String sizeCell(long bytes) {
        return "<td class=\"num\" title=\"" + Quantities.count(bytes) + " bytes\">" + Quantities.bytes(bytes) + "</td>";
    }

    /**
     * Text for HTML content and quoted attribute values. Besides the five markup characters, control characters are
     * shown as {@code \\u0001} (a raw one is an HTML parse error and invisible) and unpaired surrogates as U+FFFD (they
     * have no UTF-8 form); null is empty.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n' -> out.append(c);
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            :root {
              color-scheme: light dark;
              --bg: #f7f7f5; --fg: #1c1e21; --muted: #5b626d; --line: #d8dbe0; --card: #ffffff;
              --accent: #b42318; --accent-soft: #fdecea; --chip: #f0f2f5;
              --bar-app: #2563a8; --bar-system: #8b95a3; --track: #e8eaee;
            }
            @media (prefers-color-scheme: dark) {
              :root {
                --bg: #15171a; --fg: #e4e6e9; --muted: #a2a9b4; --line: #30353c; --card: #1d2024;
                --accent: #ff8b7e; --accent-soft: #3a1f1c; --chip: #262a30;
                --bar-app: #6aa6ea; --bar-system: #79828f; --track: #2a2e34;
              }
            }
            * { box-sizing: border-box; }
            html { -webkit-text-size-adjust: 100%; }
            body {
              margin: 0; background: var(--bg); color: var(--fg);
              font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
            }
            header, main, footer { max-width: 74rem; margin: 0 auto; padding: 0 1.5rem; }
            code, .class, .file, .step, .thread, .deployment {
              font-family: ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
              font-size: 0.9em; overflow-wrap: anywhere;
            }
            /* in tables: break where <wbr> allows (after dots), or as a last resort anywhere, without squeezing columns */
            td.class, td.deployment, td.threads { overflow-wrap: break-word; word-break: normal; }
            h1 { font-size: 1.55rem; line-height: 1.3; margin: 1.8rem 0 0.4rem; font-weight: 650; }
            h1 .label { color: var(--muted); font-weight: 500; }
            h1 .file { font-size: 1em; }
            h1 .when { display: block; font-size: 0.95rem; font-weight: 400; color: var(--muted); }
            nav { font-size: 0.9rem; margin: 0 0 1.2rem; display: flex; flex-wrap: wrap; gap: 0.2rem 1.1rem; }
            nav a { color: var(--muted); text-decoration: none; border-bottom: 1px dotted var(--muted); }
            nav a:hover { color: var(--fg); }
            h2 { font-size: 1.2rem; margin: 2.4rem 0 0.6rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--line); }
            ol.more { margin: 0 0 1rem; padding-left: 1.6rem; }
            ol.more > li { margin: 0 0 0.7rem; padding-left: 0.3rem; }
            ol.more > li > p { margin: 0 0 0.3rem; font-weight: 500; max-width: 60rem; overflow-wrap: anywhere; }
            ol.more .step { font-size: 0.85em; }
            h2.quiet, h3.quiet { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); border: 0; margin: 0.6rem 0 0.3rem; }
            .note { color: var(--muted); margin: 0 0 0.8rem; max-width: 52rem; }
            .suspect {
              background: var(--card); border: 1px solid var(--line); border-left: 5px solid var(--bar-system);
              border-radius: 8px; padding: 0.9rem 1.3rem 1rem; margin: 0 0 1rem;
            }
            .suspect.first { border-left-color: var(--accent); padding: 1.2rem 1.5rem 1.3rem; }
            .lead { margin: 0 0 0.8rem; font-size: 1.08rem; font-weight: 600; max-width: 60rem; overflow-wrap: anywhere; }
            .suspect.first .lead { font-size: 1.4rem; line-height: 1.4; }
            .lead.none { font-weight: 500; }
            dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) minmax(0, 1fr); gap: 0.45rem 1.2rem; margin: 0; }
            dl.facts dt { color: var(--muted); font-size: 0.9rem; padding-top: 0.1rem; }
            dl.facts dd { margin: 0; min-width: 0; }
            ol.path { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.35rem 0.3rem; align-items: center; }
            ol.path li { display: inline-flex; align-items: center; gap: 0.3rem; min-width: 0; }
            .arrow { color: var(--muted); }
            .step { background: var(--chip); border: 1px solid var(--line); border-radius: 4px; padding: 0.05rem 0.45rem; }
            .step.held { background: var(--accent-soft); border-color: var(--accent); }
            figure.chart { margin: 0 0 1.6rem; }
            figcaption { font-weight: 600; margin-bottom: 0.5rem; }
            svg.bars { display: block; width: 100%; height: auto; max-width: 62rem; }
            svg.bars text { fill: var(--fg); font-size: 14px; }
            svg.bars .bar-value { font-variant-numeric: tabular-nums; font-weight: 600; }
            svg.bars .track { fill: var(--track); }
            svg.bars .bar.app, .swatch.app { fill: var(--bar-app); background: var(--bar-app); }
            svg.bars .bar.system, .swatch.system { fill: var(--bar-system); background: var(--bar-system); }
            .legend { font-size: 0.85rem; color: var(--muted); }
            .swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; vertical-align: -0.1rem; margin: 0 0.2rem 0 0.8rem; }
            .legend .swatch:first-child { margin-left: 0; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
            table.narrow { width: auto; min-width: 24rem; }
            table.compact { font-size: 0.88rem; width: auto; max-width: 100%; }
            th, td { text-align: left; vertical-align: top; padding: 0.32rem 0.7rem; border-bottom: 1px solid var(--line); }
            th { font-weight: 600; color: var(--muted); border-bottom-width: 2px; }
            table.compact th, table.compact td { padding: 0.15rem 0.9rem 0.15rem 0; }
            .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
            td.rank { color: var(--muted); }
            tbody tr:hover { background: var(--chip); }
            td.class { min-width: 14rem; }
            td.threads { min-width: 13rem; }
            .thread.short { white-space: nowrap; }
            footer { margin-top: 2.6rem; padding-bottom: 2.5rem; color: var(--muted); font-size: 0.9rem; }
            footer h2 { color: var(--fg); font-size: 1rem; }
            footer p { max-width: 60rem; }
            @media (max-width: 40rem) {
              dl.facts { grid-template-columns: 1fr; }
              dl.facts dd { margin-bottom: 0.4rem; }
            }
            @media print {
              :root {
                --bg: #fff; --fg: #000; --muted: #444; --line: #bbb; --card: #fff; --accent: #a00; --accent-soft: #fff;
                --chip: #fff; --bar-app: #245a96; --bar-system: #888; --track: #e6e6e6;
              }
              body { font-size: 10.5pt; }
              header, main, footer { max-width: none; padding: 0; }
              nav { display: none; }
              .suspect, figure.chart, tr { break-inside: avoid; }
              h2 { break-after: avoid; }
              thead { display: table-header-group; }
              .scroll { overflow: visible; }
              tbody tr:hover { background: none; }
              svg.bars rect, .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            }
            """;
}
