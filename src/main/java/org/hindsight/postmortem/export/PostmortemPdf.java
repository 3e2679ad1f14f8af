package org.hindsight.postmortem.export;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The PDF of a postmortem, made from the HTML of the single Markdown renderer: A4, the incident as a running
 * header, "Page n of m" in the footer, tables with borders and a repeated header row. Nothing is fetched while
 * rendering (images show as their alt text), so user Markdown cannot make the server request anything.
 * One font family throughout, the page's margins (the "Page n of m" footer) included: DejaVu Sans when installed
 * (wide Unicode coverage; DejaVu Sans Mono for code), otherwise the PDF base fonts' sans-serif (Helvetica), where
 * characters they lack show as '#' rather than failing. Task items are ticked boxes (☑, ☐) when the font has those
 * glyphs, else {@code [x]} and {@code [ ]}.
 */
@Component
class PostmortemPdf {

    private static final String FAMILY = "DejaVu Sans";
    private static final String MONO = "DejaVu Sans Mono";

    private static final String CSS = """
            @page { size: A4; margin: 22mm 18mm 20mm 18mm; font-family: "DejaVu Sans", sans-serif;
              @top-center { content: element(running-title); font-family: "DejaVu Sans", sans-serif; }
              @bottom-center { content: "Page " counter(page) " of " counter(pages); font-family: "DejaVu Sans", sans-serif;
                font-size: 9pt; color: #555; } }
            body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; }
            .running-title { position: running(running-title); font-size: 9pt; color: #555; }
            h1 { font-size: 18pt; margin: 0 0 8pt; } h2 { font-size: 14pt; margin: 14pt 0 6pt; }
            h3 { font-size: 12pt; margin: 10pt 0 4pt; }
            table { border-collapse: collapse; width: 100%; margin: 6pt 0; -fs-table-paginate: paginate; }
            thead { display: table-header-group; }
            th, td { border: 0.75pt solid #888; padding: 3pt 5pt; vertical-align: top; text-align: left;
              word-wrap: break-word; }
            th { background: #eee; font-weight: bold; }
            tr { page-break-inside: avoid; }
            pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
            pre { white-space: pre-wrap; background: #f4f4f4; padding: 4pt; }
            blockquote { border-left: 2pt solid #ccc; margin-left: 0; padding-left: 8pt; color: #444; }
            li.task-list-item { list-style-type: none; }
            a { color: #1a4f9c; }
            """;

    /** The ballot boxes a task item shows: ☑ done, ☐ not done. */
    static final String DONE_BOX = "\u2611";
    static final String OPEN_BOX = "\u2610";

    private final List<File> fonts;
    /** Whether the text font draws {@link #DONE_BOX} and {@link #OPEN_BOX} (the PDF base fonts do not). */
    private final boolean boxGlyphs;

    PostmortemPdf(@Value("${hindsight.pdf.font-dir:/usr/share/fonts/truetype/dejavu}") String fontDir) {
        this.fonts = List.of("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                "DejaVuSans-BoldOblique.ttf", "DejaVuSansMono.ttf").stream()
                .map(name -> new File(fontDir, name)).filter(File::canRead).toList();
        this.boxGlyphs = fonts.stream().filter(font -> font.getName().equals("DejaVuSans.ttf")).findFirst()
                .map(font -> FontGlyphs.has(font, DONE_BOX + OPEN_BOX)).orElse(false);
    }

    /** The PDF of rendered postmortem HTML (from MarkdownRenderer); {@code heading} runs along the page tops. */
    byte[] render(String heading, String documentTitle, String bodyHtml) {
        Document html = Jsoup.parse("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title></title>"
                + "</head><body><div class=\"running-title\"></div><main></main></body></html>");
        html.title(documentTitle);
        html.head().appendElement("style").text(CSS);
        html.selectFirst(".running-title").text(heading);
        Element main = html.selectFirst("main");
        main.html(bodyHtml);
        flattenForPrint(main, boxGlyphs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            registerFonts(builder);
            builder.withW3cDocument(new W3CDom().fromJsoup(html), "about:blank");
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Images become their alt text, task checkboxes become ☑ / ☐ (or [x] / [ ] without those glyphs): nothing to
     * fetch, nothing interactive.
     */
    private static void flattenForPrint(Element main, boolean boxGlyphs) {
        for (Element image : main.select("img")) {
            image.replaceWith(new org.jsoup.nodes.TextNode("[image: " + image.attr("alt") + "]"));
        }
        for (Element box : main.select("input[type=checkbox]")) {
            boolean done = box.hasAttr("checked");
            String mark = boxGlyphs ? (done ? DONE_BOX : OPEN_BOX) : (done ? "[x]" : "[ ]");
            box.replaceWith(new org.jsoup.nodes.TextNode(mark));
        }
    }

    private void registerFonts(PdfRendererBuilder builder) {
        for (File font : fonts) {
            String name = font.getName();
            boolean mono = name.contains("Mono");
            boolean bold = name.contains("Bold");
            boolean italic = name.contains("Oblique");
            builder.useFont(font, mono ? MONO : FAMILY, bold ? 700 : 400, italic ? FontStyle.ITALIC : FontStyle.NORMAL,
                    true);
        }
    }
}
