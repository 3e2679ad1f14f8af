package org.hindsight.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.hindsight.support.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * Databases made before V12 hold the example's people with a random password nobody was told: V12 takes it away
 * from them (so that the admin pages say they cannot sign in), and from no other account. Its data statement runs
 * again here on accounts as they were; rolled back after.
 */
@DatabaseTest
@Transactional
class ExampleAccountsMigrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private void account(String username, String displayName, String email, long version) {
        jdbc.update("insert into app_user (username, display_name, email, password_hash, enabled, time_zone,"
                + " created_at, version) values (?, ?, ?, '{bcrypt}$2a$10$someoneshash', true, 'UTC',"
                + " CURRENT_TIMESTAMP, ?)", username, displayName, email, version);
    }

    private boolean hasPassword(String username) {
        return jdbc.queryForObject("select password_hash from app_user where username = ?", String.class,
                username) != null;
    }

    @Test
    void theExamplesUntouchedPeopleLoseTheirUnknownPasswordAndNobodyElse() throws IOException {
        jdbc.update("delete from incident");
        jdbc.update("delete from app_user");
        account("maria.lopez", "Maria Lopez", "maria.lopez@example.com", 0);
        account("jordan.kim", "Jordan Kim", "jordan.kim@example.com", 0);
        account("sam.okafor", "Sam Okafor", "sam.okafor@example.com", 0);
        account("dev.patel", "Dev Patel", "dev.patel@example.com", 2); // an admin set a password since
        account("someone", "Maria Lopez", "maria.lopez@example.com", 0);

        for (String statement : dataStatements()) {
            jdbc.update(statement);
        }

        assertThat(hasPassword("maria.lopez")).isFalse();
        assertThat(hasPassword("jordan.kim")).isFalse();
        assertThat(hasPassword("sam.okafor")).isFalse();
        assertThat(hasPassword("dev.patel")).isTrue();
        assertThat(hasPassword("someone")).isTrue();
    }

    /** The UPDATE statements of V12 (its ALTER ran when the test database was made). */
    private static List<String> dataStatements() throws IOException {
        String sql;
        try (InputStream in = ExampleAccountsMigrationTest.class
                .getResourceAsStream("/db/migration/V12__accounts_without_password.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String withoutComments = sql.lines().filter(line -> !line.startsWith("--")).collect(Collectors.joining("\n"));
        List<String> updates = Arrays.stream(withoutComments.split(";")).map(String::strip)
                .filter(statement -> statement.startsWith("UPDATE")).toList();
        assertThat(updates).hasSize(1);
        return updates;
    }
}
