package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.hindsight.support.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Proves which database a run really used, so a PostgreSQL run can never pass silently on H2. */
@DatabaseTest
class DatabaseEngineTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void runsOnTheDatabaseThisRunAskedFor() throws SQLException {
        String expected = "postgres".equals(System.getProperty("hindsight.test.database")) ? "PostgreSQL" : "H2";
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo(expected);
        }
    }

    @Test
    void schemaComesFromTheFlywayMigrations() {
        Integer applied = jdbc.queryForObject(
                "select count(*) from \"flyway_schema_history\" where \"success\" = true", Integer.class);
        assertThat(applied).isGreaterThanOrEqualTo(1);
    }
}
