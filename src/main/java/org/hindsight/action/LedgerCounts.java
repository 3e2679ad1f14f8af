package org.hindsight.action;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.LongSupplier;

import org.hindsight.system.KeptUnderMark;
import org.hindsight.system.SharedChanges;
import org.hindsight.system.SharedChanges.Topic;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The ledger's totals ("of 70,000"), kept for the next views of the same filter: counting the matches is the page's
 * costliest statement at 200,000 items (10–16 ms of PostgreSQL per view), and a total changes only when an action
 * item, an incident or a user does, while the ledger is viewed again and again.
 *
 * <p>A kept total is used only under the ledger's mark it was counted after, and for
 * {@link KeptUnderMark#FRESH_FOR} at most ({@link KeptUnderMark}): every change made through any instance of the
 * application raises the mark in its own commit ({@link LedgerChanges}), so a change shows on the very next view on
 * every instance, without waiting for a poll. An entry is for one filter (the whole of it), one viewer zone and
 * today's date in it ("overdue" depends on both).
 */
@Component
class LedgerCounts {

    /** Filters × zones × days kept; each entry is a few hundred bytes. */
    static final int MAX_ENTRIES = 2_000;

    private record Key(LedgerFilter filter, ZoneId zone, LocalDate today) {
    }

    private final KeptUnderMark<Key, Long> totals;

    @Autowired
    LedgerCounts(SharedChanges shared, Clock clock) {
        this(() -> shared.mark(Topic.LEDGER), clock);
    }

    /** {@code mark}: the ledger's mark, read now. */
    LedgerCounts(LongSupplier mark, Clock clock) {
        this.totals = new KeptUnderMark<>(mark, clock, MAX_ENTRIES);
    }

    /**
     * The kept total of this filter if it was counted under the mark read now (in the caller's transaction) and
     * recently, else {@code count}'s, kept under that mark. Only in a read-only transaction: one that has written
     * may count its own uncommitted changes, which its mark does not stand for; it counts, and keeps nothing.
     */
    long total(LedgerFilter filter, LocalDate today, ZoneId zone, LongSupplier count) {
        return totals.get(new Key(filter, zone, today), count::getAsLong);
    }
}
