package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rows the application writes when an incident's status moves are marked as such (a postmortem leaves them out
 * unless it shows the full history): those written from now on, and those written before the mark existed, which
 * the migration recognises by their exact text and nothing a person wrote.
 */
@DatabaseTest
@Transactional
class StatusChangeRowsTest {

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aStatusMoveIsAStatusRowAndWhatPeopleWriteIsNot() {
        HindsightUser manager = users.create("status-rows", Role.MANAGER);
        String key = incidents.create(manager, new NewIncident("Status rows", Severity.SEV3, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        long id = incidents.idOf(key);
        timeline.post(manager, id, new TimelineService.NewEvent("Status changed from **INVESTIGATING** to **MONITORING**",
                Instant.parse("2024-05-12T09:01:00Z"), EventKind.NOTE, Set.of(), false));
        incidents.changeStatus(manager, key, IncidentStatus.MONITORING);

        List<TimelineRow> rows = timeline.timeline(manager, id).rows();
        assertThat(rows).filteredOn(TimelineRow::statusChange).singleElement()
                .satisfies(row -> assertThat(row.text()).isEqualTo(
                        "Status changed: **Investigating** → **Monitoring**"))
                .satisfies(row -> assertThat(row.at()).isAfter(Instant.parse("2024-05-12T09:01:00Z")));
        assertThat(rows).filteredOn(row -> !row.statusChange()).extracting(TimelineRow::at)
                .containsExactly(Instant.parse("2024-05-12T09:01:00Z"));
    }

    @Test
    void theMigrationMarksTheStatusRowsWrittenBeforeItByTheirTextOnly() throws IOException {
        HindsightUser manager = users.create("status-legacy", Role.MANAGER);
        String key = incidents.create(manager, new NewIncident("Legacy rows", Severity.SEV3, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        long id = incidents.idOf(key);
        incidents.changeStatus(manager, key, IncidentStatus.IDENTIFIED);
        incidents.changeStatus(manager, key, IncidentStatus.CLOSED);
        for (String text : List.of("Status changed from **IDENTIFIED** to **the pub**",
                "Status changed from **INVESTIGATING** to **IDENTIFIED** (by hand)")) {
            timeline.post(manager, id, new TimelineService.NewEvent(text, Instant.parse("2024-05-12T09:02:00Z"),
                    EventKind.NOTE, Set.of(), false));
        }
        timeline.post(manager, id, new TimelineService.NewEvent("Status changed from **IDENTIFIED** to **CLOSED**",
                Instant.parse("2024-05-12T09:03:00Z"), EventKind.ACTION, Set.of(), false));
        // as before the mark existed
        jdbc.update("update timeline_event set status_change = false where incident_id = ?", id);

        jdbc.update(backfill());

        assertThat(jdbc.queryForList("select text from timeline_event where incident_id = ? and status_change = true"
                + " order by occurred_at, id", String.class, id))
                .containsExactly("Status changed from **INVESTIGATING** to **IDENTIFIED**",
                        "Status changed from **IDENTIFIED** to **CLOSED**");
        assertThat(jdbc.queryForObject("select count(*) from timeline_event where incident_id = ?"
                + " and status_change = false", Integer.class, id)).isEqualTo(3);
    }

    /** The migration's statement that marks the rows already there. */
    private static String backfill() throws IOException {
        try (InputStream in = StatusChangeRowsTest.class.getResourceAsStream(
                "/db/migration/V14__timeline_status_changes.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String update = sql.substring(sql.indexOf("UPDATE timeline_event")).strip();
            return update.endsWith(";") ? update.substring(0, update.length() - 1) : update;
        }
    }
}
