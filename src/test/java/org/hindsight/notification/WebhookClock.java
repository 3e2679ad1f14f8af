package org.hindsight.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.hindsight.support.MutableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The webhook tests' clock, moved by hand through the retry schedule. Far ahead of every other test's time, so no
 * other context's worker would ever find these deliveries due.
 */
@TestConfiguration(proxyBeanMethods = false)
class WebhookClock {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2045-01-02T10:00:00Z"));

    @Bean
    @Primary
    Clock webhookTestClock() {
        return CLOCK;
    }

    static void advance(Duration duration) {
        CLOCK.advance(duration);
    }

    static void at(Instant instant) {
        if (instant.isAfter(CLOCK.instant())) {
            CLOCK.advance(Duration.between(CLOCK.instant(), instant));
        }
    }
}
