package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;

import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures are the database being unavailable (503) and which stay what they are: the failures as Hikari,
 * the PostgreSQL driver, Hibernate and Spring raise and wrap them. A statement's own failure (a constraint, a
 * value too large for an index, a statement timeout) is never an outage, even when Spring calls it a resource
 * failure.
 */
class DatabaseOutageClassificationTest {

    static Stream<Arguments> failures() {
        PSQLException refused = new PSQLException("Connection to 127.0.0.1:5432 refused.",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT, new ConnectException("Connection refused"));
        SQLTransientConnectionException poolTimedOut = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 3001ms "
                        + "(total=0, active=0, idle=0, waiting=0)", refused);
        PSQLException ioError = new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE);
        SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command",
                "57P01");
        SQLException starting = new SQLException("FATAL: the database system is starting up", "57P03");
        PSQLException duplicate = new PSQLException("duplicate key value violates unique constraint",
                PSQLState.UNIQUE_VIOLATION);
        SQLException indexRowTooLarge = new SQLException("index row size 3000 exceeds btree version 4 maximum",
                "54000");
        PSQLException cancelled = new PSQLException("canceling statement due to statement timeout",
                PSQLState.QUERY_CANCELED);
        Exception cycle = new IllegalStateException("a cause that points back");
        cycle.initCause(new RuntimeException("to", cycle));
        return Stream.of(
                Arguments.of("a transaction that cannot begin: the pool waited in vain",
                        new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                                new JDBCConnectionException("Unable to acquire JDBC Connection", poolTimedOut)), true),
                Arguments.of("the pool waited in vain (no connection could be made)", poolTimedOut, true),
                Arguments.of("a statement whose connection died (in flight)",
                        new DataAccessResourceFailureException("could not execute statement",
                                new JDBCConnectionException("could not execute statement", ioError)), true),
                Arguments.of("a commit whose connection died",
                        new TransactionSystemException("Could not commit JPA transaction", ioError), true),
                Arguments.of("the server terminated the connection (shutdown, pg_terminate_backend)",
                        new JpaSystemException(new RuntimeException(terminated)), true),
                Arguments.of("the server is starting up", starting, true),
                Arguments.of("a duplicate key", new DataIntegrityViolationException("insert", duplicate), false),
                Arguments.of("a value too large for an index (Spring: resource failure, class 54)",
                        new DataAccessResourceFailureException("insert", indexRowTooLarge), false),
                Arguments.of("a statement timeout", new QueryTimeoutException("select", cancelled), false),
                Arguments.of("a bug", new NullPointerException("x"), false),
                Arguments.of("a cause chain with a cycle", cycle, false));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("failures")
    void onlyAnUnreachableDatabaseIsAnOutage(String what, Throwable failure, boolean outage) {
        assertThat(DatabaseOutage.isCause(failure)).isEqualTo(outage);
    }
}
