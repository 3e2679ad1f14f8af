package org.hindsight.support;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Starts each test run on an empty schema: the first context in the JVM cleans the database, then every
 * context migrates it. On a persistent PostgreSQL test database this removes what earlier runs left.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfig {

    private static final AtomicBoolean CLEANED = new AtomicBoolean();

    @Bean
    FlywayMigrationStrategy cleanOnceThenMigrate() {
        return flyway -> {
            if (CLEANED.compareAndSet(false, true)) {
                flyway.clean();
            }
            flyway.migrate();
        };
    }
}
