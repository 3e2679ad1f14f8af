package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** YAML front matter: its title and date are read, and it is not taken for a heading made of its lines. */
class FrontMatterTest {

    private static final String DOC = """
            ---
            title: "Edge errors after a configuration push"
            date: 2021-06-08
            labels: [cdn, edge]
            ---

            ## Timeline

            - 09:47 UTC errors start across the network
            - 10:36 UTC the configuration is disabled
            """;

    @Test
    void theFrontMattersTitleAndDateAreReadAndItIsNoHeading() {
        ImportedPostmortem imported = ImportRequest.parse(DOC, null, null, null, null);
        assertThat(imported.title()).isEqualTo("Edge errors after a configuration push");
        assertThat(imported.events()).extracting(e -> e.at())
                .containsExactly(Instant.parse("2021-06-08T09:47:00Z"), Instant.parse("2021-06-08T10:36:00Z"));
    }

    @Test
    void aBlockThatNeverClosesIsText() {
        FrontMatter front = FrontMatter.of("---\ntitle: x\nno end here\n");
        assertThat(front.title()).isNull();
        assertThat(front.body()).isEqualTo("---\ntitle: x\nno end here\n");
    }

    @Test
    void theUsersDateAndTheDocumentsOwnComeFirst() {
        String dated = DOC.replace("## Timeline", "Duration: June 9, 2021, 09:00 UTC to June 9, 2021, 11:00 UTC\n\n## Timeline");
        ImportedPostmortem imported = ImportRequest.parse(dated, null, null, null, null);
        assertThat(imported.events().get(0).at()).isEqualTo(Instant.parse("2021-06-09T09:47:00Z"));
    }
}
