package org.hindsight.postmortem.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hindsight.action.ActionItemService;
import org.hindsight.example.ExampleIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.annotation.Transactional;

/** The PDF read back with PDFBox: its text, its page numbers, and no script-capable link in it. */
@DatabaseTest
@Transactional
class PostmortemPdfTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    PostmortemDownloads downloads;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Test
    void thePdfHasTheTitleSectionsEventsAndPageNumbers() throws Exception {
        String key = ExampleIncident.load(context);
        HindsightUser viewer = users.create("pdf-viewer", Role.VIEWER);
        byte[] pdf = downloads.pdfFile(downloads.export(viewer, key, null, null, null, null)).getBody();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            String text = stripper.getText(document).replaceAll("[\\s\\u00A0]+", " ");
            assertThat(text).contains("Postmortem: Load balancer outage on the main website")
                    .contains("Issue Summary").contains("Timeline").contains("Root Cause and Resolution")
                    .contains("Corrective and Preventative Measures").contains("Improvements/Fixes").contains("Tasks")
                    .contains("09:05 AM UTC: Engineering team received automated alerts about the latency spike.")
                    .contains("Dead end: Misleading path explored")
                    .contains("\u2611 Strengthen load balancer configuration review processes")
                    .contains("\u2610 Implement automated testing of load balancer configurations")
                    .doesNotContain("[x]").doesNotContain("[ ]")
                    .contains(key + " · Load balancer outage on the main website");
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThan(1);
            for (int page = 1; page <= pages; page++) {
                PDFTextStripper one = new PDFTextStripper();
                one.setStartPage(page);
                one.setEndPage(page);
                assertThat(one.getText(document)).contains("Page " + page + " of " + pages);
            }
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo(key + " Load balancer outage on the main website");
        }
    }

    @Test
    void oneFontFamilyRunsThroughEveryPageFooterIncluded() throws Exception {
        String key = ExampleIncident.load(context);
        HindsightUser viewer = users.create("pdf-fonts", Role.VIEWER);
        byte[] pdf = downloads.pdfFile(downloads.export(viewer, key, null, null, null, null)).getBody();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            Set<String> fonts = new TreeSet<>();
            for (PDPage page : document.getPages()) {
                PDResources resources = page.getResources();
                for (COSName name : resources.getFontNames()) {
                    // embedded subsets are named "ABCDEF+DejaVuSans-Bold"
                    fonts.add(resources.getFont(name).getName().replaceFirst("^[A-Z]{6}\\+", ""));
                }
            }
            assertThat(fonts).isNotEmpty().allMatch(font -> font.startsWith("DejaVuSans"), "DejaVu Sans");
            PDFTextStripper footer = new PDFTextStripper();
            footer.setStartPage(1);
            footer.setEndPage(1);
            assertThat(footer.getText(document)).contains("Page 1 of ");
        }
    }

    @Test
    void taskItemsAreBallotBoxesOnlyWhereTheFontDrawsThem() throws Exception {
        String html = "<ul><li class=\"task-list-item\"><input type=\"checkbox\" checked=\"checked\" disabled>&nbsp;Done"
                + "</li><li class=\"task-list-item\"><input type=\"checkbox\" disabled>&nbsp;Open</li></ul>";
        PostmortemPdf withFonts = new PostmortemPdf("/usr/share/fonts/truetype/dejavu");
        try (PDDocument document = Loader.loadPDF(withFonts.render("INC-9", "INC-9", html))) {
            assertThat(new PDFTextStripper().getText(document).replace('\u00A0', ' '))
                    .contains("\u2611 Done").contains("\u2610 Open");
        }
        PostmortemPdf withoutFonts = new PostmortemPdf("/nonexistent");
        try (PDDocument document = Loader.loadPDF(withoutFonts.render("INC-9", "INC-9", html))) {
            assertThat(new PDFTextStripper().getText(document).replace('\u00A0', ' '))
                    .as("the PDF base fonts have no ballot boxes").contains("[x] Done").contains("[ ] Open");
        }
    }

    @Test
    void theXssCorpusBecomesTextAndNoLiveLink() throws Exception {
        HindsightUser manager = users.create("pdf-manager", Role.MANAGER);
        String key = XssIncident.create(incidents, timeline, actions, manager);
        byte[] pdf = downloads.pdfFile(downloads.export(manager, key, null, null, "sre", null)).getBody();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replaceAll("[\\s\\u00A0]+", " ");
            assertThat(text).contains("<script>alert('title')</script> #1 *fix* | [x](javascript:alert(1))")
                    .contains("raw link").contains("<img src=x onerror=");
            List<String> targets = new ArrayList<>();
            for (PDPage page : document.getPages()) {
                for (PDAnnotation annotation : page.getAnnotations()) {
                    if (annotation instanceof PDAnnotationLink link) {
                        assertThat(link.getAction()).isNotInstanceOf(PDActionJavaScript.class);
                        if (link.getAction() instanceof PDActionURI uri) {
                            targets.add(uri.getURI());
                        }
                    }
                }
            }
            assertThat(targets).allSatisfy(uri -> assertThat(uri.toLowerCase()).doesNotContain("javascript")
                    .doesNotStartWith("data:"));
            assertThat(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("/JavaScript")
                    .doesNotContain("/JS ");
        }
    }

    @Test
    void textOutsideLatin1DoesNotBreakThePdf() throws Exception {
        PostmortemPdf withoutFonts = new PostmortemPdf("/nonexistent");
        PostmortemPdf withFonts = new PostmortemPdf("/usr/share/fonts/truetype/dejavu");
        String html = "<h1>Postmortem: Ausfall – 日本語 ✓ Ωmega</h1><p>Ünïcödé — “quotes” 🚀</p>";
        for (PostmortemPdf pdf : List.of(withoutFonts, withFonts)) {
            try (PDDocument document = Loader.loadPDF(pdf.render("INC-9 · Ausfall", "INC-9", html))) {
                assertThat(new PDFTextStripper().getText(document)).contains("Postmortem: Ausfall");
            }
        }
    }
}
