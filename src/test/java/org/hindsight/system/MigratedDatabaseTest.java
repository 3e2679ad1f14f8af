package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A new H2 database is migrated through one connection, which the pool closes sooner or later (Hikari retires every
 * connection after 30 minutes); the schema must serve every other connection after that. With H2 2.4.240, the CHECK
 * constraints and the generated column written with an IN-list kept a reference to the migrating connection:
 * afterwards every insert of an incident failed with "The database has been closed" (answered 503) until a restart.
 * H2 2.5.252 (pom.xml) does not.
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
            sql.update("update incident set status = 'MONITORING' where status = 'CLOSED'");
            assertThat(sql.queryForList("select list_group from incident order by id", Integer.class))
                    .containsExactly(0, 0);
        } finally {
            sql.execute("SHUTDOWN");
        }
    }
}
