package org.hindsight.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionViews.ActionItemView;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.postmortem.imports.ImportOptions;
import org.hindsight.postmortem.imports.ImportService;
import org.hindsight.postmortem.imports.PostmortemParser;
import org.hindsight.support.DatabaseTest;
import org.hindsight.timeline.TimelineService;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.hindsight.user.DatabaseUserDetailsService;
import org.hindsight.user.HindsightUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.annotation.Transactional;

/**
 * Importing the expected export of the example incident (src/test/resources/postmortem/INC-1.md) gives back
 * the incident that {@link ExampleData} creates: every field, event and action item. Rolled back after.
 */
@DatabaseTest
@Transactional
class ExampleImportRoundTripTest {

    @Autowired
    ExampleData exampleData;

    @Autowired
    ImportService imports;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Autowired
    DatabaseUserDetailsService userDetails;

    @Test
    void importingTheExportOfTheExampleGivesTheExampleBack() throws Exception {
        IncidentDetails example = incidents.details(exampleData.load());
        HindsightUser maria = userDetails.loadUserByUsername("maria.lopez");
        String markdown;
        try (InputStream in = getClass().getResourceAsStream("/postmortem/INC-1.md")) {
            markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var imported = imports.create(maria, PostmortemParser.parse(markdown, ImportOptions.none()));
        IncidentDetails copy = incidents.details(imported.key());

        assertThat(imported.warnings()).isEmpty();
        assertThat(imported.ownersMatched()).isEqualTo(7);
        assertThat(copy).usingRecursiveComparison()
                .ignoringFields("id", "key", "responders", "createdAt", "updatedAt", "revision", "version")
                .isEqualTo(example);

        assertThat(rows(maria, copy.id())).isEqualTo(rows(maria, example.id()));
        assertThat(items(maria, copy.id())).isEqualTo(items(maria, example.id()));
    }

    /** What an event is, without who logged it when. */
    private record Event(java.time.Instant at, String text, org.hindsight.timeline.EventKind kind,
            java.util.Set<org.hindsight.timeline.KeyMoment> keyMoments) {
    }

    private List<Event> rows(HindsightUser viewer, long incidentId) {
        return timeline.timeline(viewer, incidentId).rows().stream()
                .map((TimelineRow r) -> new Event(r.at(), r.text(), r.kind(), r.keyMoments())).toList();
    }

    /** What an action item is, without its id and incident. */
    private record Item(String title, String details, Object type, Object category, String owner,
            java.time.LocalDate due, Object priority, Object status, String wontDoReason, String trackerUrl) {
    }

    private List<Item> items(HindsightUser viewer, long incidentId) {
        return actions.forIncident(viewer, incidentId).stream()
                .map((ActionItemView a) -> new Item(a.title(), a.details(), a.type(), a.category(), a.owner(),
                        a.dueDate(), a.priority(), a.status(), a.wontDoReason(), a.trackerUrl()))
                .toList();
    }
}
