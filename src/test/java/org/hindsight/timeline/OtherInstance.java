package org.hindsight.timeline;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes timeline events as another application instance would: with an id from a block of its own, taken from the
 * shared sequence (Hibernate's pooled-lo optimizer, migration V28), and the incident's revision raised, so that every
 * open page's live feed sends them.
 */
final class OtherInstance {

    private final JdbcTemplate jdbc;

    OtherInstance(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The first id of a block of 50 no instance holds yet. */
    long takeBlock() {
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        return jdbc.queryForObject("PostgreSQL".equals(product) ? "select nextval('timeline_event_seq')"
                : "select next value for timeline_event_seq", Long.class);
    }

    /** Logs an event that happened at {@code at}, logged at {@code logged}, with id {@code id}; returns the id. */
    long log(long incidentId, long id, Instant at, Instant logged, EventKind kind, String text) {
        jdbc.update("update incident set revision = revision + 1 where id = ?", incidentId);
        jdbc.update("""
                insert into timeline_event (id, incident_id, occurred_at, text, kind, deleted, created_at, revision,
                                            version, status_change)
                values (?, ?, ?, ?, ?, false, ?, (select revision from incident where id = ?), 0, false)""",
                id, incidentId, Timestamp.from(at), text, kind.name(), Timestamp.from(logged), incidentId);
        return id;
    }
}
