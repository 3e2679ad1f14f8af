package org.hindsight.support;

import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.JdbcTemplate;

/** For race tests: hold a transaction open until another session waits for one of its locks. */
public final class DatabaseLocks {

    private DatabaseLocks() {
    }

    /** Polls the database (up to 10 s) until some session waits for a lock. */
    public static void awaitAnotherSessionWaitingForALock(JdbcTemplate jdbc) {
        awaitAnotherSessionWaitingForALock(jdbc, 10);
    }

    /**
     * Polls the database (up to {@code seconds}) until some session waits for a lock. H2 does not show a session
     * waiting on another's uncommitted unique key: then this waits the whole time.
     */
    public static void awaitAnotherSessionWaitingForALock(JdbcTemplate jdbc, int seconds) {
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        String waiting = "PostgreSQL".equals(product)
                ? "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                : "select count(*) from information_schema.sessions where blocker_id is not null";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && jdbc.queryForObject(waiting, Long.class) == 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
