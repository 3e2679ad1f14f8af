package org.hindsight.system;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * No request waits for ever behind a row lock held elsewhere (an operator's open transaction, a stuck instance, a
 * long import): every connection of the pool gives up a lock wait after {@code hindsight.database.lock-timeout}
 * (default 10 s, {@code HINDSIGHT_DB_LOCK_TIMEOUT}), on PostgreSQL with its {@code lock_timeout}, on H2 with its
 * {@code LOCK_TIMEOUT}. Without it PostgreSQL waits as long as the lock is held, holding the request's thread and its
 * pool connection all the while. The statement that gave up fails with a lock error, the transaction rolls back, and
 * the page or the API answers 503 "busy" ({@link WebExceptionAdvice}, {@link ApiExceptionAdvice}).
 * <p>
 * Only waits for a lock are bounded, not statements that work for long (insights, exports read without locking). Work
 * that holds a row for long makes others wait up to the limit and then answers them busy: publishing a postmortem
 * holds its incident while it renders the version and its PDF, so a post to that incident meanwhile may be answered
 * 503 if the rendering takes longer than the limit. A connection-init SQL of the operator's own
 * ({@code spring.datasource.hikari.connection-init-sql}) is kept, and then this setting is not applied (logged).
 */
@Configuration(proxyBeanMethods = false)
class LockWaitLimit {

    private static final Logger log = LoggerFactory.getLogger(LockWaitLimit.class);

    @Bean
    static BeanPostProcessor lockWaitLimitOnConnections(
            @Value("${hindsight.database.lock-timeout:10s}") Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("hindsight.database.lock-timeout must be positive, not " + limit);
        }
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool) {
                    apply(pool, limit);
                }
                return bean;
            }
        };
    }

    static void apply(HikariDataSource pool, Duration limit) {
        String statement = statementFor(pool.getJdbcUrl(), limit);
        if (statement == null) {
            log.warn("hindsight.database.lock-timeout is not applied: the database URL is neither H2 nor PostgreSQL");
        } else if (pool.getConnectionInitSql() != null) {
            log.warn("hindsight.database.lock-timeout is not applied: spring.datasource.hikari.connection-init-sql is"
                    + " set; add \"{}\" to it to bound lock waits", statement);
        } else {
            pool.setConnectionInitSql(statement);
        }
    }

    /** The session setting for the database at {@code url}, or {@code null} for a database this does not know. */
    static String statementFor(String url, Duration limit) {
        if (url == null) {
            return null;
        }
        long millis = limit.toMillis();
        if (url.startsWith("jdbc:postgresql:")) {
            return "SET lock_timeout = " + millis;
        }
        if (url.startsWith("jdbc:h2:")) {
            return "SET LOCK_TIMEOUT " + millis;
        }
        return null;
    }
}
