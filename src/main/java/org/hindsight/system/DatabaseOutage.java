package org.hindsight.system;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database that cannot be reached (down, restarting, unreachable, its connections cut, the pool waited
 * {@code spring.datasource.hikari.connection-timeout} in vain) from every other failure. Only these are answered
 * 503 "Database unavailable"; a failure of a statement itself (a constraint, bad SQL, a statement timeout, a
 * value too large, "program limit exceeded") stays what it is, so real bugs and bad input are never hidden as an
 * outage. Looks through the whole cause chain, as Spring, Hibernate and the JDBC driver each wrap the cause.
 */
public final class DatabaseOutage {

    /** Seconds a client should wait before trying again: a restart or fail-over usually takes this long. */
    public static final int RETRY_AFTER_SECONDS = 10;

    private DatabaseOutage() {
    }

    public static final String TITLE = "Database unavailable";
    public static final String DETAIL = "Hindsight cannot reach its database right now. Try again in a few seconds.";

    /** Writes the 503 problem details of an outage (the caller sets Retry-After). */
    public static void writeProblem(jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        response.setStatus(503);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        // fixed texts only: nothing from the request is echoed, so no JSON escaping is needed
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + TITLE + "\",\"status\":503,"
                + "\"detail\":\"" + DETAIL + "\"}");
    }

    /** The innermost message, for the log: "Connection refused", "Connection is not available...". */
    static String describe(Throwable failure) {
        Throwable root = failure;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    public static boolean isCause(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (isConnectionFailure(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable t) {
        if (t instanceof CannotCreateTransactionException || t instanceof CannotGetJdbcConnectionException
                || t instanceof org.hibernate.exception.JDBCConnectionException
                || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException) {
            return true;
        }
        return t instanceof SQLException sql && isConnectionState(sql.getSQLState());
    }

    /**
     * SQLSTATE class 08 (connection exception), PostgreSQL's 57P01-57P03 (the server is shutting down, crashed,
     * or not accepting connections yet) and 53300 (no connection slot left).
     */
    static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }
}
