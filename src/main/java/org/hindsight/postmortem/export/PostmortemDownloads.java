package org.hindsight.postmortem.export;

import java.nio.charset.StandardCharsets;

import org.hindsight.postmortem.ExportOptions;
import org.hindsight.postmortem.export.PostmortemExporter.Export;
import org.hindsight.postmortem.templates.PostmortemTemplates;
import org.hindsight.system.MarkdownRenderer;
import org.hindsight.user.HindsightUser;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** The three faces of one Markdown source: the .md download, the preview HTML and the PDF. */
@Component
public class PostmortemDownloads {

    static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

    private final PostmortemExporter exporter;
    private final PostmortemTemplates templates;
    private final MarkdownRenderer markdown;
    private final PostmortemPdf pdf;

    PostmortemDownloads(PostmortemExporter exporter, PostmortemTemplates templates, MarkdownRenderer markdown,
            PostmortemPdf pdf) {
        this.exporter = exporter;
        this.templates = templates;
        this.markdown = markdown;
        this.pdf = pdf;
    }

    /** The export for these request parameters; a bad one is an {@link ExportOptions.InvalidExportOption}. */
    Export export(HindsightUser viewer, String key, String zone, String clock, String template, String fullHistory) {
        return exporter.export(viewer, key, ExportOptions.parse(zone, clock, template, fullHistory, templates::exists));
    }

    /** The Markdown rendered by the single safe renderer. */
    public String html(Export export) {
        return markdown.toHtml(export.markdown());
    }

    public ResponseEntity<byte[]> markdownFile(Export export) {
        return ResponseEntity.ok().contentType(MARKDOWN)
                .header(HttpHeaders.CONTENT_DISPOSITION, Filenames.attachment(export.key(), export.title(), "md"))
                .body(export.markdown().getBytes(StandardCharsets.UTF_8));
    }

    public ResponseEntity<byte[]> pdfFile(Export export) {
        return pdfFile(export, pdf(export));
    }

    /** The PDF of an export, with the key and title along its page tops. */
    public byte[] pdf(Export export) {
        return pdf.render(export.key() + " · " + export.title(), export.key() + " " + export.title(),
                html(export));
    }

    /** {@code document} (a PDF made earlier, such as a published version's) as the download of {@code export}. */
    public ResponseEntity<byte[]> pdfFile(Export export, byte[] document) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, Filenames.attachment(export.key(), export.title(), "pdf"))
                .body(document);
    }
}
