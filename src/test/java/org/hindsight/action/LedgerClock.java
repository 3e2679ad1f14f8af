package org.hindsight.action;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.hindsight.support.MutableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The ledger tests' clock: one for their shared context, moved by hand to make items of any age. */
@TestConfiguration(proxyBeanMethods = false)
class LedgerClock {

    /** A Wednesday, far from any other test's data. */
    static final Instant START = Instant.parse("2031-03-12T10:00:00Z");
    static final MutableClock CLOCK = new MutableClock(START);

    @Bean
    @Primary
    Clock ledgerTestClock() {
        return CLOCK;
    }

    static void at(Instant instant) {
        CLOCK.advance(Duration.between(CLOCK.instant(), instant));
    }
}
