package org.hindsight.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import org.hindsight.support.MutableClock;
import org.hindsight.system.KeptUnderMark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * When LedgerCounts shows a kept total and when it counts: by the mark (which the database test, LedgerCountsTest,
 * shows every change raises), the clock, the day and zone, and the kind of transaction. Here the mark is a number the
 * test moves, and each count returns the next number, so a kept total is told from a fresh one.
 */
class KeptLedgerTotalTest {

    private static final LocalDate TODAY = LocalDate.of(2031, 3, 12);
    private static final ZoneId ZONE = ZoneOffset.UTC;

    private final AtomicLong mark = new AtomicLong(5);
    private final MutableClock clock = new MutableClock(Instant.parse("2031-03-12T10:00:00Z"));
    private final LedgerCounts counts = new LedgerCounts(mark::get, clock);
    private final AtomicLong counted = new AtomicLong();

    @BeforeEach
    void readOnlyTransaction() {
        TransactionSynchronizationManager.setCurrentTransactionReadOnly(true);
    }

    @AfterEach
    void noTransaction() {
        TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
    }

    private long total(LocalDate today, ZoneId zone) {
        return counts.total(LedgerFilter.defaults(), today, zone, counted::incrementAndGet);
    }

    private long total() {
        return total(TODAY, ZONE);
    }

    @Test
    void aTotalIsKeptWhileTheMarkStaysAndCountedAgainWhenItMoves() {
        assertThat(total()).isEqualTo(1);
        assertThat(total()).as("the same mark: kept").isEqualTo(1);
        mark.incrementAndGet();
        assertThat(total()).as("a change committed somewhere").isEqualTo(2);
        assertThat(total()).isEqualTo(2);
    }

    @Test
    void theMarkIsReadBeforeTheCount() {
        // a change commits while the total is being counted: the count may include it, so the total is kept under the
        // mark read before it, which the next view no longer reads
        LedgerCounts racing = new LedgerCounts(mark::get, clock);
        long first = racing.total(LedgerFilter.defaults(), TODAY, ZONE, () -> {
            mark.incrementAndGet();
            return counted.incrementAndGet();
        });
        assertThat(first).isEqualTo(1);
        assertThat(racing.total(LedgerFilter.defaults(), TODAY, ZONE, counted::incrementAndGet))
                .as("counted again under the mark that moved during the count").isEqualTo(2);
    }

    @Test
    void aTotalIsKeptForLessThanTenSecondsByTheClock() {
        assertThat(total()).isEqualTo(1);
        clock.advance(KeptUnderMark.FRESH_FOR.minusMillis(1));
        assertThat(total()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(total()).as("10 s old: a change made directly in the database shows").isEqualTo(2);
        clock.advance(Duration.ofSeconds(-1));
        assertThat(total()).as("the clock set back: counted again").isEqualTo(3);
    }

    @Test
    void eachDayAndZoneHasItsOwnTotal() {
        assertThat(total()).isEqualTo(1);
        assertThat(total(TODAY.plusDays(1), ZONE)).as("another day: overdue differs").isEqualTo(2);
        assertThat(total(TODAY, ZoneId.of("Pacific/Auckland"))).isEqualTo(3);
        assertThat(total()).isEqualTo(1);
    }

    @Test
    void aTransactionThatMayHaveWrittenCountsAndKeepsNothing() {
        TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
        assertThat(total()).isEqualTo(1);
        assertThat(total()).isEqualTo(2);
        TransactionSynchronizationManager.setCurrentTransactionReadOnly(true);
        assertThat(total()).as("nothing was kept from the writing transaction").isEqualTo(3);
    }
}
