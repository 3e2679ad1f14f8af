package org.hindsight.support;

import org.springframework.jdbc.core.JdbcTemplate;

/** A user's signed-in session as the session table holds it: its last access read, or moved back. */
public final class SessionRows {

    private final JdbcTemplate jdbc;

    public SessionRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The last access of the user's session, in the table's milliseconds. */
    public long lastAccess(String username) {
        return jdbc.queryForObject("select last_access_time from spring_session where principal_name = ?",
                Long.class, username);
    }

    /** Moves the user's session's last access back by so many milliseconds; answers the stored value. */
    public long setLastAccessBack(String username, long millis) {
        jdbc.update("update spring_session set last_access_time = last_access_time - ? where principal_name = ?",
                millis, username);
        return lastAccess(username);
    }
}
