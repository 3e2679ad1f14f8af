package org.hindsight.notification;

import java.time.Clock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The email tests' clock ({@link EmailTestBase#CLOCK}), set by each test. */
@TestConfiguration(proxyBeanMethods = false)
class EmailClock {

    @Bean
    @Primary
    Clock emailTestClock() {
        return EmailTestBase.CLOCK;
    }
}
