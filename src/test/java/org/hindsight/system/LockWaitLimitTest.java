package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;

/**
 * The lock-wait limit in each database's own words, on the pool's connections; an init SQL of the operator's own is
 * kept (and the limit not applied), a database this does not know is left alone. The limit's effect on real
 * databases: {@link BusyPagesTest}.
 */
class LockWaitLimitTest {

    @Test
    void eachDatabaseGetsTheLimitInItsOwnWords() {
        assertThat(LockWaitLimit.statementFor("jdbc:postgresql://db:5432/hindsight", Duration.ofSeconds(10)))
                .isEqualTo("SET lock_timeout = 10000");
        assertThat(LockWaitLimit.statementFor("jdbc:h2:file:./data/hindsight;WRITE_DELAY=0", Duration.ofMillis(2500)))
                .isEqualTo("SET LOCK_TIMEOUT 2500");
        assertThat(LockWaitLimit.statementFor("jdbc:mysql://db/hindsight", Duration.ofSeconds(10))).isNull();
        assertThat(LockWaitLimit.statementFor(null, Duration.ofSeconds(10))).isNull();
    }

    @Test
    void thePoolRunsItOnEveryNewConnectionUnlessTheOperatorSetTheirOwn() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
            LockWaitLimit.apply(pool, Duration.ofSeconds(3));
            assertThat(pool.getConnectionInitSql()).isEqualTo("SET lock_timeout = 3000");
        }
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
            pool.setConnectionInitSql("SET search_path = hindsight");
            LockWaitLimit.apply(pool, Duration.ofSeconds(3));
            assertThat(pool.getConnectionInitSql()).isEqualTo("SET search_path = hindsight");
        }
    }

    @Test
    void aLimitOfZeroOrLessIsRefusedAtStartUp() {
        assertThatThrownBy(() -> LockWaitLimit.lockWaitLimitOnConnections(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hindsight.database.lock-timeout");
    }
}
