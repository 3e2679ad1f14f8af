package org.hindsight.system;

import java.util.List;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.vladsch.flexmark.ext.autolink.AutolinkExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.AttributeProvider;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.html.IndependentAttributeProviderFactory;
import com.vladsch.flexmark.html.renderer.AttributablePart;
import com.vladsch.flexmark.html.renderer.LinkResolverContext;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.DataHolder;
import com.vladsch.flexmark.util.data.MutableDataSet;
import com.vladsch.flexmark.util.html.MutableAttributes;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The one Markdown renderer of the application: user text in, HTML safe for {@code th:utext} out.
 *
 * <p>CommonMark plus tables, {@code ~~strikethrough~~}, autolinked bare URLs and GFM task lists
 * ({@code - [x] done} as a disabled checkbox labelled with the item's text, {@link LabelledTaskItems}). Safe by
 * construction:
 * <ul>
 *   <li>raw HTML, block or inline, comments included, is escaped and shows as text;</li>
 *   <li>every {@code href} and {@code src} flexmark writes (inline, reference, autolinks, mail links,
 *       images) passes {@link SafeUrls}; a refused link keeps its text but loses its target, a refused
 *       image loses its source;</li>
 *   <li>links get {@code rel="nofollow noopener noreferrer"}.</li>
 * </ul>
 * Parser and renderer are immutable and thread-safe, built once for this singleton.
 */
@Component
public class MarkdownRenderer {

    /** What {@link #escape} escapes: what CommonMark or GFM could read as markup inside a line. */
    private static final String ESCAPED = "\\`*_[]<>#|~!&";

    private static final String LINK_REL = "nofollow noopener noreferrer";

    /** Rendered HTML by Markdown text, up to about this many characters (keys and values; 2 bytes each). */
    private static final long CACHED_CHARS = 8_000_000;

    private final Parser parser;
    private final HtmlRenderer renderer;
    /**
     * The same text always renders to the same HTML, and pages show the same texts again and again (a timeline
     * of 200 events on every view: flexmark was a quarter of the incident page's CPU), so recent results are kept.
     */
    private final Cache<String, String> rendered = Caffeine.newBuilder().maximumWeight(CACHED_CHARS)
            .weigher((String text, String html) -> text.length() + html.length()).build();

    /** The renderer for tests and tools: an item without text is labelled "Task". */
    public MarkdownRenderer() {
        this("Task");
    }

    @Autowired
    MarkdownRenderer(MessageSource messages) {
        this(messages.getMessage("markdown.task.unnamed", null, "Task", Locale.ENGLISH));
    }

    private MarkdownRenderer(String unnamedTask) {
        DataHolder options = new MutableDataSet()
                .set(Parser.EXTENSIONS, List.of(
                        TablesExtension.create(),
                        StrikethroughExtension.create(),
                        AutolinkExtension.create(),
                        TaskListExtension.create()))
                // cascades to blocks, inline HTML and comments
                .set(HtmlRenderer.ESCAPE_HTML, true)
                // flexmark's own filter is a case-sensitive regex on the undecoded URL ("javascript:.*"),
                // trivially bypassed; switch it off so that SafeUrls is the single, uniform policy
                .set(HtmlRenderer.SUPPRESSED_LINKS, "")
                .toImmutable();
        this.parser = Parser.builder(options).build();
        this.renderer = HtmlRenderer.builder(options)
                .attributeProviderFactory(new SafeUrlAttributes.Factory())
                .nodeRendererFactory(LabelledTaskItems.factory(unnamedTask))
                .build();
    }

    /**
     * Plain text (a name, say) to put inside a line of Markdown, after its start: every character that could
     * open markup there is backslash-escaped and line breaks become spaces, so it renders as the text it is (but
     * that a bare web address in it still becomes a link, as everywhere).
     */
    public static String escape(String plain) {
        String text = plain == null ? "" : plain.replaceAll("\\s+", " ").strip();
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (ESCAPED.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The HTML for this Markdown; empty for null or blank text. */
    public String toHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        return rendered.get(markdown, text -> renderer.render(parser.parse(text)));
    }

    /**
     * Sees the final attributes of every tag flexmark renders for a node, just before they are written:
     * the place where no link or image can slip past, whatever syntax produced it. Flexmark writes the
     * values with any character reference left as is (so {@code &#106;} reaches the browser, which decodes
     * it); SafeUrls decodes to a fixed point, so it always sees at least what the browser will.
     */
    private static final class SafeUrlAttributes implements AttributeProvider {

        @Override
        public void setAttributes(Node node, AttributablePart part, MutableAttributes attributes) {
            // attribute names are matched ignoring case, in case any renderer ever spells them otherwise
            for (String name : List.copyOf(attributes.keySet())) {
                String value = attributes.getValue(name);
                if (name.equalsIgnoreCase("href")) {
                    if (!SafeUrls.isAllowedLink(value)) {
                        attributes.remove(name);
                    }
                    attributes.replaceValue("rel", LINK_REL);
                } else if (name.equalsIgnoreCase("src") && !SafeUrls.isAllowedImage(value)) {
                    attributes.remove(name);
                }
            }
        }

        static final class Factory extends IndependentAttributeProviderFactory {
            @Override
            public AttributeProvider apply(LinkResolverContext context) {
                return new SafeUrlAttributes();
            }
        }
    }
}
