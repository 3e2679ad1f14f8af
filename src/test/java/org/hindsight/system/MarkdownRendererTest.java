package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The renderer's output is parsed with a real HTML parser (jsoup, which decodes attribute values the way
 * a browser does) and checked independently of {@link SafeUrls}: only Markdown's own tags, no event
 * handler attributes, no script-capable URL in any attribute.
 */
class MarkdownRendererTest {

    private final MarkdownRenderer markdown = new MarkdownRenderer();

    /** Everything CommonMark, tables and strikethrough can produce; anything else came from raw HTML. */
    private static final Set<String> MARKDOWN_TAGS = Set.of("p", "a", "img", "em", "strong", "del", "code", "pre",
            "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br",
            "table", "thead", "tbody", "tr", "th", "td", "input");

    private static final Set<String> DANGEROUS_SCHEMES = Set.of("javascript:", "vbscript:", "data:");
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%([0-9a-fA-F]{2})");

    // ---------------------------------------------------------------- XSS corpus

    @ParameterizedTest
    @ValueSource(strings = {
            // raw HTML
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "text <img src=x onerror=alert(1)> inline",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<svg><script>alert(1)</script></svg>",
            "<div onclick=\"alert(1)\">\nblock\n</div>",
            "<style>body{background:url(javascript:alert(1))}</style>",
            "<!-- <script>alert(1)</script> -->",
            "[<img src=x onerror=alert(1)>](https://example.com)",
            // inline links
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](java&#115;cript:alert(1))",
            "[x](&#x6A;avascript:alert(1))",
            "[x](&#0000106;avascript:alert(1))",
            "[x](javascript&colon;alert(1))",
            "[x](&amp;#106;avascript:alert(1))",
            "[x](java%73cript:alert(1))",
            "[x](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
            "[x](  javascript:alert(1))",
            "[x](<javascript:alert(1)>)",
            "[x](javascript\\:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](java&#9;script:alert(1))",
            "[x](java&Tab;script:alert(1))",
            "[x](java&NewLine;script:alert(1))",
            "[x](&#1;javascript:alert(1))",
            "[x](&#32;javascript:alert(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "[x](<data:text/html,<script>alert(1)</script>>)",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[x](vbscript:msgbox(1))",
            "[x](https://example.com \"\\\" onmouseover=\\\"alert(1)\")",
            // images
            "![x](javascript:alert(1))",
            "![x](data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=)",
            "![x](data:image/svg+xml,%3Csvg%20onload=alert(1)%3E)",
            "![x](https://example.com/a.png \"\\\" onerror=\\\"alert(1)\")",
            // autolinks
            "<javascript:alert(1)>",
            "<JAVASCRIPT:alert(1)>",
            "<vbscript:msgbox(1)>",
            "javascript://%0Aalert(1)",
            "<https://example.com/\"onmouseover=\"alert(1)>",
            // reference links and images
            "[x][r]\n\n[r]: javascript:alert(1)",
            "[x][r]\n\n[r]: JavaScript:alert(1)",
            "[r]\n\n[r]: java&#115;cript:alert(1)",
            "![x][r]\n\n[r]: data:image/png;base64,iVBORw0KGgo=",
            // inside a table
            "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
    })
    void xssVectorsProduceNothingExecutable(String vector) {
        assertSafe(markdown.toHtml(vector));
    }

    @Test
    void aRefusedLinkKeepsItsTextButHasNoTarget() {
        Element link = single("[read me](JavaScript:alert(1))", "a");
        assertThat(link.hasAttr("href")).isFalse();
        assertThat(link.text()).isEqualTo("read me");
        assertThat(link.attr("rel")).isEqualTo("nofollow noopener noreferrer");
    }

    @Test
    void aRefusedImageKeepsItsAltTextButHasNoSource() {
        Element image = single("![diagram](data:image/png;base64,iVBORw0KGgo=)", "img");
        assertThat(image.hasAttr("src")).isFalse();
        assertThat(image.attr("alt")).isEqualTo("diagram");
    }

    @Test
    void imagesRefuseMailto() {
        assertThat(single("![x](mailto:a@example.com)", "img").hasAttr("src")).isFalse();
    }

    // ---------------------------------------------------------------- what must keep working

    @Test
    void taskListsRenderAsDisabledCheckboxes() {
        String html = markdown.toHtml("- [x] done <img src=x onerror=alert(1)>\n- [ ] [open](javascript:alert(1))");
        assertSafe(html);
        var boxes = Jsoup.parse(html).select("li input[type=checkbox]");
        assertThat(boxes).hasSize(2);
        assertThat(boxes.get(0).hasAttr("checked")).isTrue();
        assertThat(boxes.get(1).hasAttr("checked")).isFalse();
        assertThat(boxes).allMatch(box -> box.hasAttr("disabled"));
        assertThat(Jsoup.parse(html).text()).contains("done <img src=x onerror=alert(1)>").contains("open");
    }

    @Test
    void everyTaskCheckboxIsLabelledWithItsItemsText() {
        String html = markdown.toHtml("- [x] Rotate the **TLS** keys\n- [ ] Ask \"ops\" <b>why</b> & [how](https://x.test)\n"
                + "  - [ ] nested item\n");
        assertSafe(html);
        var boxes = Jsoup.parse(html).select("li input[type=checkbox]");
        assertThat(boxes).extracting(box -> box.attr("aria-label"))
                .containsExactly("Rotate the TLS keys", "Ask \"ops\" why & how", "nested item");
        assertThat(Jsoup.parse(html).select("b")).as("the label stays text").isEmpty();

        String loose = markdown.toHtml("- [x] First, loose\n\n  more text\n\n- [ ] Second\n");
        assertSafe(loose);
        assertThat(Jsoup.parse(loose).select("li input[type=checkbox]")).extracting(box -> box.attr("aria-label"))
                .containsExactly("First, loose", "Second");
        assertThat(Jsoup.parse(loose).select("li.task-list-item > p > input[checked]")).hasSize(1);
    }

    @Test
    void aTaskLabelCannotBreakOutOfItsAttribute() {
        for (String text : List.of("\"><script>alert(1)</script>", "' onfocus='alert(1)", "\" autofocus onfocus=\"alert(1)",
                "&quot; onmouseover=&quot;alert(1)", "x".repeat(500))) {
            String html = markdown.toHtml("- [ ] " + text);
            assertSafe(html);
            Element box = single("- [ ] " + text, "input");
            assertThat(box.attributes().asList()).extracting(Attribute::getKey)
                    .containsExactlyInAnyOrder("type", "class", "disabled", "readonly", "aria-label");
            assertThat(box.attr("aria-label").codePointCount(0, box.attr("aria-label").length()))
                    .isLessThanOrEqualTo(LabelledTaskItems.MAX_LABEL);
        }
    }

    @Test
    void httpsLinksKeepTheirTargetAndGetRel() {
        Element link = single("[ok](https://example.com/a?b=c)", "a");
        assertThat(link.attr("href")).isEqualTo("https://example.com/a?b=c");
        assertThat(link.attr("rel")).isEqualTo("nofollow noopener noreferrer");
        assertThat(link.text()).isEqualTo("ok");
    }

    @Test
    void mailLinksWork() {
        assertThat(single("[write](mailto:oncall@example.com)", "a").attr("href")).isEqualTo("mailto:oncall@example.com");
        assertThat(single("<oncall@example.com>", "a").attr("href")).isEqualTo("mailto:oncall@example.com");
        assertThat(single("mail oncall@example.com now", "a").attr("href")).isEqualTo("mailto:oncall@example.com");
    }

    @Test
    void relativeLinksWork() {
        assertThat(single("[INC-1](/incidents/INC-1)", "a").attr("href")).isEqualTo("/incidents/INC-1");
        assertThat(single("[r]\n\n[r]: /incidents/INC-1#timeline", "a").attr("href")).isEqualTo("/incidents/INC-1#timeline");
    }

    @Test
    void webImagesWork() {
        Element image = single("![graph](https://grafana.example.com/render/p.png)", "img");
        assertThat(image.attr("src")).isEqualTo("https://grafana.example.com/render/p.png");
        assertThat(single("![graph](/static/p.png)", "img").attr("src")).isEqualTo("/static/p.png");
    }

    @Test
    void bareUrlsAndAngleAutolinksBecomeLinks() {
        Element bare = single("see https://example.com for details", "a");
        assertThat(bare.attr("href")).isEqualTo("https://example.com");
        assertThat(bare.attr("rel")).isEqualTo("nofollow noopener noreferrer");
        assertThat(single("<https://example.com/x>", "a").attr("href")).isEqualTo("https://example.com/x");
    }

    @Test
    void tablesRender() {
        String html = markdown.toHtml("| Service | Impact |\n|---|---|\n| api | down |");
        assertThat(Jsoup.parseBodyFragment(html).select("table th")).extracting(Element::text)
                .containsExactly("Service", "Impact");
        assertThat(html).contains("<td>api</td>");
    }

    @Test
    void strikethroughRenders() {
        assertThat(markdown.toHtml("~~gone~~")).contains("<del>gone</del>");
    }

    @Test
    void emphasisRenders() {
        assertThat(markdown.toHtml("**bold** and *it*")).contains("<strong>bold</strong>").contains("<em>it</em>");
    }

    @Test
    void rawHtmlIsShownAsText() {
        String html = markdown.toHtml("<b>x</b>");
        assertThat(html).contains("&lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>");
        assertThat(markdown.toHtml("<div>\nblock\n</div>")).contains("&lt;div&gt;").doesNotContain("<div>");
    }

    @Test
    void codeIsEscaped() {
        assertThat(markdown.toHtml("`<script>`\n\n    <script>")).contains("<code>&lt;script&gt;</code>")
                .doesNotContain("<script");
    }

    @Test
    void softLineBreaksStayNewlines() {
        assertThat(markdown.toHtml("first\nsecond")).isEqualTo("<p>first\nsecond</p>\n");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n\t"})
    void nothingToRender(String text) {
        assertThat(markdown.toHtml(text)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private Element single(String text, String tag) {
        var found = Jsoup.parseBodyFragment(markdown.toHtml(text)).body().select(tag);
        assertThat(found).as("<%s> in %s", tag, text).hasSize(1);
        return found.first();
    }

    private static void assertSafe(String html) {
        assertThat(html).doesNotContainIgnoringCase("<script");
        Element body = Jsoup.parseBodyFragment(html).body();
        for (Element element : body.getAllElements()) {
            if (element == body) {
                continue;
            }
            assertThat(MARKDOWN_TAGS).as("tag in %s", html).contains(element.tagName());
            for (Attribute attribute : element.attributes()) {
                String name = attribute.getKey().toLowerCase(Locale.ROOT);
                assertThat(name).as("attribute in %s", html).doesNotStartWith("on");
                assertThat(DANGEROUS_SCHEMES)
                        .as("%s=\"%s\" in %s", name, attribute.getValue(), html)
                        .noneMatch(normalized(attribute.getValue())::startsWith);
            }
        }
    }

    /**
     * An attribute value (entities already decoded by jsoup, as by a browser) the way the most lenient
     * reader could see it: percent-escapes decoded, whitespace and control characters gone, lower case.
     */
    private static String normalized(String value) {
        String current = value;
        for (int i = 0; i < 5; i++) {
            Matcher m = PERCENT_ESCAPE.matcher(current);
            StringBuilder decoded = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(decoded, Matcher.quoteReplacement(
                        String.valueOf((char) Integer.parseInt(m.group(1), 16))));
            }
            m.appendTail(decoded);
            current = decoded.toString();
        }
        return current.replaceAll("[\\x00-\\x20\\x7F]", "").toLowerCase(Locale.ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sam *the* Man", "R&D <b>lead</b>", "[link](x) ![img](y)", "__init__ ~~x~~ `c`",
            "a | b \\ c #1 !x", "&amp; &#42;"})
    void escapedPlainTextRendersAsExactlyThatTextInsideBold(String name) {
        Element strong = Jsoup.parseBodyFragment(markdown.toHtml("**" + MarkdownRenderer.escape(name) + "** joined"))
                .selectFirst("strong");
        assertThat(strong).isNotNull();
        assertThat(strong.children()).as("no markup from the name").isEmpty();
        assertThat(strong.text()).isEqualTo(name);
    }

    @Test
    void escapingPutsLineBreaksOnOneLine() {
        assertThat(MarkdownRenderer.escape("  Sam\n\nOkafor ")).isEqualTo("Sam Okafor");
    }
}
