package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.PostgresDatabase;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Timeline events and audit entries take their ids from sequences, 50 at a time (migration V28), so that a batch of
 * posts is inserted in one statement. Ids must stay unique whoever inserts: the application (a block of 50 in hand),
 * a row inserted by hand or by a script (the column's default), and the rows that were there before the migration.
 */
@DatabaseTest
class TimelineEventIdsTest {

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void rowsInsertedByHandAndPostsThroughTheApplicationNeverShareAnId() {
        HindsightUser responder = users.create("ids", Role.RESPONDER);
        String key = incidents.create(users.create("ids-lead", Role.MANAGER), new NewIncident("Ids", Severity.SEV3,
                null, Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        long incidentId = incidents.idOf(key);
        for (int i = 0; i < 3; i++) {
            post(responder, incidentId, "before the hand-written row " + i);
        }
        insertByHand(jdbc, incidentId, "written by hand");
        for (int i = 0; i < 60; i++) { // more than a block of 50: the application takes another
            post(responder, incidentId, "after the hand-written row " + i);
        }
        insertByHand(jdbc, incidentId, "written by hand again");

        List<Long> ids = jdbc.queryForList("select id from timeline_event where incident_id = ?", Long.class,
                incidentId);
        assertThat(ids).hasSize(65).doesNotHaveDuplicates();
        assertThat(jdbc.queryForList("select text from timeline_event where incident_id = ? and author_id is null"
                + " order by id", String.class, incidentId))
                .containsExactly("written by hand", "written by hand again");
    }

    @Test
    void theMigrationStartsTheSequenceAfterTheIdsAlreadyInUse() {
        boolean postgres = "postgres".equals(System.getProperty("hindsight.test.database"));
        PostgresDatabase database = postgres ? PostgresDatabase.create(System.getProperty("hindsight.test.pg.url"),
                System.getProperty("hindsight.test.pg.user", "postgres"),
                System.getProperty("hindsight.test.pg.password", ""), "event_ids") : null;
        String url = postgres ? database.url() : "jdbc:h2:mem:event-ids-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        String user = postgres ? database.user() : "sa";
        String password = postgres ? database.password() : "";
        // one connection for the migrations and the rows written between them: H2 2.4.240 binds the IN-lists of the
        // schema at V27 to the connection that created them, until V31 writes them without (MigratedDatabaseTest)
        SingleConnectionDataSource connection = new SingleConnectionDataSource(url, user, password, true);
        try {
            JdbcTemplate sql = new JdbcTemplate(connection);
            flyway(connection, postgres).target("27").load().migrate();
            sql.update("""
                    insert into incident (title, severity, status, started_at, created_at, updated_at, version, revision)
                    values ('Before V28', 'SEV3', 'INVESTIGATING', current_timestamp, current_timestamp,
                            current_timestamp, 0, 0)""");
            long incidentId = sql.queryForObject("select max(id) from incident", Long.class);
            for (int i = 0; i < 120; i++) {
                insertByHand(sql, incidentId, "before the migration " + i);
            }
            long highest = sql.queryForObject("select max(id) from timeline_event", Long.class);
            for (int i = 0; i < 70; i++) {
                auditByHand(sql, "before the migration " + i);
            }
            long highestEntry = sql.queryForObject("select max(id) from audit_entry", Long.class);

            flyway(connection, postgres).load().migrate();

            insertByHand(sql, incidentId, "after the migration");
            assertThat(sql.queryForObject("select id from timeline_event where text = 'after the migration'",
                    Long.class)).isGreaterThan(highest);
            String next = postgres ? "select nextval('timeline_event_seq')" : "select next value for timeline_event_seq";
            // a whole block past the ids in use: safe with Hibernate's pooled optimizer too, whose first block ends
            // at the value read
            assertThat(sql.queryForObject(next, Long.class)).as("a block an instance takes next")
                    .isGreaterThan(highest + 50);
            auditByHand(sql, "after the migration");
            assertThat(sql.queryForObject("select id from audit_entry where record_id = 'after the migration'",
                    Long.class)).isGreaterThan(highestEntry);
        } finally {
            connection.destroy();
            if (database != null) {
                database.close();
            }
        }
    }

    private void post(HindsightUser author, long incidentId, String text) {
        timeline.post(author, incidentId, new TimelineService.NewEvent(text, null, EventKind.NOTE, Set.of(), false));
    }

    /** As the bench loader or an operator would: the id from the column's default. */
    private static void insertByHand(JdbcTemplate jdbc, long incidentId, String text) {
        jdbc.update("""
                insert into timeline_event (incident_id, occurred_at, text, kind, deleted, status_change, created_at,
                                            revision, version)
                values (?, current_timestamp, ?, 'NOTE', false, false, current_timestamp, 0, 0)""", incidentId, text);
    }

    private static void auditByHand(JdbcTemplate jdbc, String recordId) {
        jdbc.update("""
                insert into audit_entry (at, actor, channel, record_type, record_id, action)
                values (current_timestamp, 'script', 'API', 'incident', ?, 'CREATED')""", recordId);
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource connection,
            boolean postgres) {
        return Flyway.configure().dataSource(connection)
                .locations("classpath:db/migration", "classpath:db/vendor/" + (postgres ? "postgresql" : "h2"));
    }
}
