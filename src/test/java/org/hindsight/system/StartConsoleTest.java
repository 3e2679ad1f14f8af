package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.hindsight.support.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springdoc.core.events.SpringDocAppInitializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

/**
 * What a start writes to the console after the first-start block, which a newcomer reads as problems when it is
 * not: SpringDoc's "enabled by default… disable it in production" and Flyway's "H2 newer than verified". The
 * parts that write them run again here, with the application's logging settings.
 */
@DatabaseTest
@ExtendWith(OutputCaptureExtension.class)
class StartConsoleTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    DataSource dataSource;

    @Test
    void springDocDoesNotWarnThatTheApiDescriptionIsOnByDefault(CapturedOutput output) {
        context.getBean(SpringDocAppInitializer.class).init();
        assertThat(output.getOut()).doesNotContain("enabled by default");
    }

    @Test
    void flywayDoesNotWarnAboutTheDatabaseVersion(CapturedOutput output) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().info();
        assertThat(output.getOut()).contains("Database: jdbc:").doesNotContain("newer than the version Flyway");
    }
}
