package org.hindsight.postmortem.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.hindsight.support.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A PDF writes nothing to the console in the ordinary case (openhtmltopdf wrote a handful of INFO lines for
 * each, "Prepare to fly" among them), while its warnings still show, through the application's logging.
 */
@DatabaseTest
@ExtendWith(OutputCaptureExtension.class)
class PdfConsoleTest {

    @Autowired
    PostmortemPdf pdf;

    @Test
    void aPdfIsMadeQuietly(CapturedOutput output) {
        byte[] made = pdf.render("INC-1 · A title", "INC-1 A title", "<h1>A title</h1><p>Some text.</p>");
        assertThat(made).isNotEmpty();
        assertThat(output.getAll()).doesNotContain("Prepare to fly").doesNotContain("com.openhtmltopdf");
    }

    @Test
    void itsWarningsStillShowThroughTheApplicationsLogging(CapturedOutput output) {
        pdf.render("INC-1 · A title", "INC-1 A title", "<p style=\"text-shadow: 1px 1px red\">Shadowed</p>");
        assertThat(output.getAll().lines().filter(line -> line.contains("text-shadow")))
                .singleElement().satisfies(line -> assertThat(line).contains(" WARN ").contains("com.openhtmltopdf.css-parse"));
    }
}
