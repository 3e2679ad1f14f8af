package org.hindsight.action;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.hindsight.system.SharedChanges;
import org.hindsight.system.SharedChanges.Topic;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The ledger's totals ("of 70,000"), kept for the next views of the same filter: counting the matches is the page's
 * costliest statement at 200,000 items (10–16 ms of PostgreSQL per view), and a total changes only when an action
 * item, an incident or a user does, while the ledger is viewed again and again.
 *
 * <p>A view that needs the total reads the database's ledger mark ({@link SharedChanges#mark}) in its own
 * transaction. A kept total is used only
 * <ul>
 *   <li>under the mark it was counted after: every change made through any instance of the application raises the
 *       mark in its own commit ({@link LedgerChanges}), so a change shows on the very next view on every instance,
 *       without waiting for a poll. A total counted after the mark was read may already include a later change; it
 *       is then kept under the older mark, which the next view no longer reads, and counted again;</li>
 *   <li>for {@link #FRESH_FOR} by the injected clock: a change made directly in the database raises no mark.</li>
 * </ul>
 * An entry is for one filter (the whole of it), one viewer zone and today's date in it ("overdue" depends on both).
 */
@Component
class LedgerCounts {

    /** How long a kept total is used at most, changes or not. */
    static final Duration FRESH_FOR = Duration.ofSeconds(10);
    /** Filters × zones × days kept; each entry is a few hundred bytes. */
    static final int MAX_ENTRIES = 2_000;

    private record Key(LedgerFilter filter, ZoneId zone, LocalDate today) {
    }

    private record Entry(long mark, Instant countedAt, long total) {

        boolean usableAt(long currentMark, Instant now) {
            Duration age = Duration.between(countedAt, now);
            return mark == currentMark && !age.isNegative() && age.compareTo(FRESH_FOR) < 0;
        }
    }

    private final Cache<Key, Entry> totals = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private final LongSupplier mark;
    private final Clock clock;

    @Autowired
    LedgerCounts(SharedChanges shared, Clock clock) {
        this(() -> shared.mark(Topic.LEDGER), clock);
    }

    /** {@code mark}: the ledger's mark, read now. */
    LedgerCounts(LongSupplier mark, Clock clock) {
        this.mark = mark;
        this.clock = clock;
    }

    /**
     * The kept total of this filter if it was counted under the mark read now (in the caller's transaction) and
     * recently, else {@code count}'s, kept under that mark. Only in a read-only transaction: one that has written
     * may count its own uncommitted changes, which its mark does not stand for; it counts, and keeps nothing.
     */
    long total(LedgerFilter filter, LocalDate today, ZoneId zone, LongSupplier count) {
        if (!TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            return count.getAsLong();
        }
        long mark = this.mark.getAsLong(); // before the count: a change committed after it makes the entry stale
        Key key = new Key(filter, zone, today);
        Instant now = clock.instant();
        Entry kept = totals.getIfPresent(key);
        if (kept != null && kept.usableAt(mark, now)) {
            return kept.total();
        }
        long total = count.getAsLong();
        totals.put(key, new Entry(mark, now, total));
        return total;
    }
}
