package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A new H2 database is migrated through one connection, which the pool closes sooner or later (Hikari retires every
 * connection after 30 minutes); the schema must serve every other connection after that. With H2 2.4.240 (pom.xml),
 * the CHECK constraints and the generated column written with an IN-list kept a reference to the migrating
 * connection: afterwards every insert of an incident failed with "The database has been closed" (answered 503) until
 * a restart. Migration V31 writes them without IN-lists; each is exercised here, and each still refuses what it
 * refused.
 */
class MigratedDatabaseTest {

    @Test
    void aDatabaseMigratedThroughAConnectionNowClosedTakesIncidentsOnAnother() {
        String url = "jdbc:h2:mem:migrated-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        // Flyway opens its own connection and closes it when done
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration", "classpath:db/vendor/h2")
                .load().migrate();
        JdbcTemplate sql = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
        try {
            for (String status : new String[] {"INVESTIGATING", "CLOSED"}) {
                sql.update("""
                        insert into incident (title, severity, status, started_at, created_at, updated_at, version,
                                              revision)
                        values (?, 'SEV3', ?, current_timestamp, current_timestamp, current_timestamp, 0, 0)""",
                        "After the migration " + status, status);
            }
            assertThat(sql.queryForList("select list_group from incident order by id", Integer.class))
                    .as("active first").containsExactly(0, 1);
            sql.update("update incident set status = 'MONITORING' where status = 'CLOSED'");
            assertThat(sql.queryForList("select list_group from incident order by id", Integer.class))
                    .containsExactly(0, 0);
            long incident = sql.queryForObject("select min(id) from incident", Long.class);
            sql.update("update incident set postmortem_state = 'IN_REVIEW' where id = ?", incident);
            sql.update("insert into app_user (username, display_name, email, password_hash, enabled, time_zone, "
                    + "created_at, version) values ('reviewer', 'Reviewer', 'reviewer@example.com', 'x', true, 'UTC', "
                    + "current_timestamp, 0)");
            long reviewer = sql.queryForObject("select id from app_user where username = 'reviewer'", Long.class);
            sql.update("insert into postmortem_review (incident_id, state, round, version) "
                    + "values (?, 'IN_REVIEW', 1, 0)", incident);
            sql.update("insert into postmortem_reviewer (incident_id, round, reviewer_id, verdict) values (?, 1, ?, "
                    + "'APPROVE')", incident, reviewer);
            sql.update("update incident set users_affected_percent = 40 where id = ?", incident); // BETWEEN: no IN-list
            assertThatThrownBy(() -> sql.update("update incident set users_affected_percent = 140 where id = ?",
                    incident)).isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> sql.update("update incident set postmortem_state = 'LOST' where id = ?", incident))
                    .as("the incident's postmortem state is still checked")
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> sql.update("update postmortem_review set state = 'LOST'"))
                    .as("the review's state is still checked").isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> sql.update("update postmortem_reviewer set verdict = 'MAYBE'"))
                    .as("a verdict is still checked").isInstanceOf(DataIntegrityViolationException.class);
        } finally {
            sql.execute("SHUTDOWN");
        }
    }
}
