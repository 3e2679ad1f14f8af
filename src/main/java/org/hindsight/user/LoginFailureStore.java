package org.hindsight.user;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The failed sign-ins in the database ({@code login_failure}, migration V8), shared by every instance of the
 * application. Each method is one atomic statement (or an update, an insert and, when another instance inserted
 * the same key at that moment, the update again), run on its own outside any transaction, so that a lost race
 * on an insert does not spoil a surrounding PostgreSQL transaction.
 */
@Component
class LoginFailureStore {

    /** A key's row: its failures, when the last one was recorded, and the end of its lock (null: not locked). */
    record Failures(int failures, Instant lastFailureAt, Instant lockedUntil) {
    }

    /**
     * A failure starts the count again when the earlier ones were forgotten (no lock and none since
     * {@code forgetBefore}) or when the lock they led to is over.
     */
    private static final String STARTS_AGAIN = "((locked_until IS NULL AND last_failure_at <= :forgetBefore)"
            + " OR (locked_until IS NOT NULL AND locked_until <= :now))";

    /** One more failure; it locks when it reaches the limit, and a lock in force is neither lifted nor extended. */
    private static final String COUNT_FAILURE = "UPDATE login_failure SET"
            + " failures = CASE WHEN " + STARTS_AGAIN + " THEN 1 ELSE failures + 1 END,"
            + " locked_until = CASE WHEN " + STARTS_AGAIN + " THEN (CASE WHEN 1 >= :limit THEN :lockEnd ELSE NULL END)"
            + "   WHEN locked_until IS NOT NULL THEN locked_until"
            + "   WHEN failures + 1 >= :limit THEN :lockEnd ELSE NULL END,"
            + " last_failure_at = :now, forget_at = :forgetAt"
            + " WHERE throttle_key = :key";

    private static final String FIRST_FAILURE = "INSERT INTO login_failure"
            + " (throttle_key, failures, last_failure_at, locked_until, forget_at)"
            + " VALUES (:key, 1, :now, CASE WHEN 1 >= :limit THEN :lockEnd ELSE NULL END, :forgetAt)";

    private final NamedParameterJdbcTemplate jdbc;

    LoginFailureStore(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    /** The rows of the given keys (one indexed read); keys without failures are absent. */
    Map<String, Failures> read(String first, String second) {
        Map<String, Failures> rows = new HashMap<>();
        jdbc.query("SELECT throttle_key, failures, last_failure_at, locked_until FROM login_failure"
                        + " WHERE throttle_key IN (:keys)", new MapSqlParameterSource("keys", List.of(first, second)),
                rs -> {
                    OffsetDateTime lockedUntil = rs.getObject("locked_until", OffsetDateTime.class);
                    rows.put(rs.getString("throttle_key"), new Failures(rs.getInt("failures"),
                            rs.getObject("last_failure_at", OffsetDateTime.class).toInstant(),
                            lockedUntil == null ? null : lockedUntil.toInstant()));
                });
        return rows;
    }

    /**
     * Counts a failure for {@code key}: the count reaching {@code limit} locks the key until {@code lockEnd}.
     * Safe when several instances count the same key at once, including its very first failure.
     */
    void countFailure(String key, int limit, Instant now, Instant forgetBefore, Instant lockEnd, Instant forgetAt) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("key", key).addValue("limit", limit)
                .addValue("now", utc(now)).addValue("forgetBefore", utc(forgetBefore))
                .addValue("lockEnd", utc(lockEnd)).addValue("forgetAt", utc(forgetAt));
        for (int attempt = 0; ; attempt++) {
            if (jdbc.update(COUNT_FAILURE, parameters) > 0) {
                return;
            }
            try {
                jdbc.update(FIRST_FAILURE, parameters);
                return;
            } catch (DuplicateKeyException another) {
                // another instance (or thread) recorded this key's first failure at the same moment: count on it
                if (attempt >= 2) {
                    throw another;
                }
            }
        }
    }

    /** Forgets the failures of {@code key} after a successful sign-in, unless a lock is in force. */
    void clear(String key, Instant now) {
        jdbc.update("DELETE FROM login_failure WHERE throttle_key = :key"
                + " AND (locked_until IS NULL OR locked_until <= :now)",
                new MapSqlParameterSource("key", key).addValue("now", utc(now)));
    }

    /** Forgets the failures of {@code key} and lifts its lock (an admin's password was reset at start-up). */
    void forget(String key) {
        jdbc.update("DELETE FROM login_failure WHERE throttle_key = :key", new MapSqlParameterSource("key", key));
    }

    /** Deletes the rows nothing needs any more; any instance may run it at any time, as often as it likes. */
    int deleteForgotten(Instant now) {
        return jdbc.update("DELETE FROM login_failure WHERE forget_at <= :now",
                new MapSqlParameterSource("now", utc(now)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
