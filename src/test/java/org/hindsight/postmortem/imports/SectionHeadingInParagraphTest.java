package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * A known section's {@code #heading} written right under a list line, with no blank line between (Markdown then
 * reads it as the paragraph's next line), still starts its section; other {@code #} lines stay text.
 */
class SectionHeadingInParagraphTest {

    @Test
    void aTimelineHeadingRightUnderTheSummaryLinesStartsTheTimeline() {
        String doc = """
                #Issue Summary:
                -Duration: May 12, 2024, 09:00 AM UTC to May 12, 2024, 11:30 AM UTC
                -Impact: The checkout was down for a third of users.
                #Timeline:
                -09:00 AM UTC: Alerts on the checkout error rate.
                -09:40 AM UTC: The load balancer change is rolled back.
                """;
        ImportedPostmortem imported = ImportRequest.parse(doc, null, null, null, null);
        assertThat(imported.events()).extracting(ImportedPostmortem.Event::at)
                .containsExactly(Instant.parse("2024-05-12T09:00:00Z"), Instant.parse("2024-05-12T09:40:00Z"));
        assertThat(imported.impact()).contains("The checkout was down for a third of users.")
                .doesNotContain("Timeline");
    }

    @Test
    void aHashLineThatNamesNoSectionStaysText() {
        String doc = """
                ## Impact

                Users could not pay.
                #payments-incident was opened for the response.
                """;
        ImportedPostmortem imported = ImportRequest.parse(doc, null, null, null, null);
        assertThat(imported.impact()).contains("Users could not pay.").contains("#payments-incident was opened");
    }
}
