package dev.vigil.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The docs' relative links hold: every link and image in README.md and docs/*.md names a file that exists, and every
 * {@code #anchor} names a heading (GitHub's slug) or an HTML anchor of the file it points into. A broken one fails the
 * build with its file, line and target. Links outside the repository (http, https, mailto) are not followed.
 */
class DocsLinksTest {

    /** The repository's root: the surefire configuration sets it; from arquillian-tests/, it is the parent. */
    private static final Path ROOT = Path.of(System.getProperty("vigil.project.dir", "..")).toAbsolutePath().normalize();

    /** [text](target) and ![alt](target), with an optional "title"; the target stops at a space or ')'. */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** [label]: target, a reference definition. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"|\\sid=\"([^\"]+)\"");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
    private static final Pattern EXTERNAL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void everyRelativeLinkAndAnchorInTheDocsResolves() {
        List<Path> pages = pages();
        assertTrue(pages.contains(ROOT.resolve("README.md")), "README.md under " + ROOT);
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(brokenLinks(page));
        }
        assertEquals(List.of(), broken, broken.size() + " broken link(s) in the docs:\n" + String.join("\n", broken) + "\n");
    }

    @Test
    void slugsAreGitHubs() {
        assertEquals("jolokia-curl", slug("Jolokia (curl)"));
        assertEquals("install-into-your-own-wildfly-39", slug("Install into your own WildFly 39"));
        assertEquals("what-the-lock-does-and-does-not-guarantee", slug("What the lock does and does not guarantee"));
        assertEquals("on-duplicate-and-warn", slug("`on-duplicate` and **warn**"));
        assertEquals("a-five-minute-tour", slug("A five-minute tour"));
        assertEquals("metrics", slug("/metrics"));
        assertEquals("after-an-outofmemoryerror", slug("After an OutOfMemoryError"));
        assertEquals("snake_case-stays", slug("snake_case stays"));
    }

    @Test
    void aBrokenLinkIsNamedWithItsFileAndLine(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "# Title\n\nsee [here](#title), [there](other.md#nowhere)\n\n```\n[in code](missing.md)\n```\n"
                + "and ![shot](missing.png) and `[span](missing.md)`\n");
        Files.writeString(dir.resolve("other.md"), "# Somewhere\n");
        assertEquals(List.of(
                        page + ":3: broken link `other.md#nowhere`: other.md has no heading or anchor 'nowhere'",
                        page + ":8: broken link `missing.png`: no such file " + dir.resolve("missing.png")),
                brokenLinks(page));
    }

    private static List<Path> pages() {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** "FILE:LINE: broken link `TARGET`: why" for each link of the page that does not resolve. */
    private List<String> brokenLinks(Path page) {
        List<String> broken = new ArrayList<>();
        List<String> lines = read(page);
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            String text = CODE_SPAN.matcher(line).replaceAll("");
            List<String> targets = new ArrayList<>();
            Matcher inline = INLINE_LINK.matcher(text);
            while (inline.find()) {
                targets.add(inline.group(1));
            }
            Matcher reference = REFERENCE.matcher(text);
            if (reference.matches()) {
                targets.add(reference.group(1));
            }
            for (String target : targets) {
                String why = problem(page, target);
                if (why != null) {
                    broken.add(page + ":" + (i + 1) + ": broken link `" + target + "`: " + why);
                }
            }
        }
        return broken;
    }

    /** Why the target does not resolve from the page, or null when it does. */
    private String problem(Path page, String target) {
        if (EXTERNAL.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        Path into = file.isEmpty() ? page : page.getParent().resolve(URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
        if (!Files.exists(into)) {
            return "no such file " + into;
        }
        if (anchor == null) {
            return null;
        }
        if (!into.toString().endsWith(".md")) {
            return "an anchor into " + into.getFileName() + ", which is no Markdown page";
        }
        if (!anchors(into).contains(anchor)) {
            return (file.isEmpty() ? "this page" : file) + " has no heading or anchor '" + anchor + "'";
        }
        return null;
    }

    /** The anchors GitHub makes for the page: one slug per heading (repeats get -1, -2, ...), and HTML ids and names. */
    private Set<String> anchors(Path page) {
        return anchors.computeIfAbsent(page, p -> {
            Set<String> found = new LinkedHashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean inFence = false;
            for (String line : read(p)) {
                if (FENCE.matcher(line).find()) {
                    inFence = !inFence;
                    continue;
                }
                if (inFence) {
                    continue;
                }
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    String slug = slug(heading.group(2));
                    int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                    found.add(repeats == 0 ? slug : slug + "-" + repeats);
                }
                Matcher html = HTML_ANCHOR.matcher(line);
                while (html.find()) {
                    found.add(html.group(1) != null ? html.group(1) : html.group(2));
                }
            }
            return found;
        });
    }

    /** GitHub's heading slug: the heading's text (a link's text, not its target), lower case, punctuation removed, spaces to '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
                .replace(' ', '-');
    }

    private static List<String> read(Path page) {
        try {
            return Files.readAllLines(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
