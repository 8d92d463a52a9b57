package dev.vigil.analyzer.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what would make an HTML page load something from elsewhere (or run code): the static half of "opens offline
 * in any browser". Conservative: it scans the whole text, so a URL even in escaped text counts.
 */
public final class ExternalReferences {

    private static final Map<String, Pattern> PATTERNS = new LinkedHashMap<>();

    static {
        PATTERNS.put("src attribute", Pattern.compile("(?i)[\\s\"'/]src(set)?\\s*="));
        // in-page links (href="#deployments") load nothing
        PATTERNS.put("href other than a fragment", Pattern.compile("(?i)[\\s\"'/:]href\\s*=\\s*(?![\"']?#)"));
        PATTERNS.put("other loading attribute", Pattern.compile("(?i)[\\s\"'/](action|formaction|poster|background|ping|manifest|codebase|longdesc|data)\\s*="));
        PATTERNS.put("url(", Pattern.compile("(?i)url\\s*\\("));
        PATTERNS.put("@import", Pattern.compile("(?i)@import"));
        PATTERNS.put("<link", Pattern.compile("(?i)<link\\b"));
        PATTERNS.put("<script src", Pattern.compile("(?i)<script\\b[^>]*\\bsrc"));
        PATTERNS.put("<script", Pattern.compile("(?i)<script\\b"));
        PATTERNS.put("embedding element", Pattern.compile("(?i)<(iframe|frame|object|embed|img|image|video|audio|source|track|base|form|use)\\b"));
        PATTERNS.put("http: or https:", Pattern.compile("(?i)\\bhttps?:"));
        PATTERNS.put("other scheme", Pattern.compile("(?i)\\b(ftp|ws|wss|file|javascript):"));
        PATTERNS.put("//host", Pattern.compile("(?<![\\w*/])//[\\w.-]+"));
    }

    private ExternalReferences() {
    }

    /** Each reference found, as {@code kind: the text around it}; empty if the page is self-contained. */
    public static List<String> in(String html) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, Pattern> pattern : PATTERNS.entrySet()) {
            Matcher matcher = pattern.getValue().matcher(html);
            while (matcher.find()) {
                found.add(pattern.getKey() + ": " + html.substring(Math.max(0, matcher.start() - 20), Math.min(html.length(), matcher.end() + 20)));
            }
        }
        return found;
    }
}
