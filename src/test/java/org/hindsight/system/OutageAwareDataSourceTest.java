package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Hikari pool in front of a PostgreSQL address where nothing listens: within one request the pool is waited
 * for once, then refused at once; the next request, and work outside requests, wait again.
 */
class OutageAwareDataSourceTest {

    private static final Duration POOL_WAIT = Duration.ofMillis(400);

    private HikariDataSource pool;
    private OutageAwareDataSource dataSource;

    @BeforeEach
    void aDatabaseThatIsNotThere() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/none");
        pool.setUsername("nobody");
        pool.setConnectionTimeout(POOL_WAIT.toMillis());
        pool.setInitializationFailTimeout(-1);
        dataSource = new OutageAwareDataSource(pool);
    }

    @AfterEach
    void close() {
        OutageAwareDataSource.requestEnds();
        pool.close();
    }

    private Duration refusal() {
        Instant start = Instant.now();
        assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);
        return Duration.between(start, Instant.now());
    }

    @Test
    void aRequestWaitsForTheDatabaseOnce() {
        OutageAwareDataSource.requestStarts();
        assertThat(refusal()).as("the first attempt waits for the pool").isGreaterThanOrEqualTo(POOL_WAIT);
        assertThat(refusal()).as("the second is refused at once").isLessThan(Duration.ofMillis(100));
        OutageAwareDataSource.requestEnds();

        OutageAwareDataSource.requestStarts();
        assertThat(refusal()).as("the next request waits again").isGreaterThanOrEqualTo(POOL_WAIT);
    }

    @Test
    void outsideARequestEveryAttemptWaits() {
        assertThat(refusal()).isGreaterThanOrEqualTo(POOL_WAIT);
        assertThat(refusal()).isGreaterThanOrEqualTo(POOL_WAIT);
    }
}
