package org.hindsight.action;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.hindsight.action.BacklogSeries.Week;
import org.hindsight.action.LedgerSummary.Summary;
import org.springframework.stereotype.Component;

/**
 * The ledger's summary and backlog series, kept for the next views of the same scope: they read every item the
 * view's owner, type, severity and service filters select (at 200,000 items a scan of the table each), and change
 * only when an item does, while the page is viewed again and again.
 *
 * <p>An entry is for one scope (those four filters), one viewer zone and today's date in it, and is used only
 *
 * <ul>
 *   <li>while {@link LedgerChanges}' generation is the one read before it was computed: any change to an action
 *       item (or an incident, or a user) made in this process shows on the very next view, and one made through
 *       <em>another instance</em> of the application within about a second of its commit (when this instance sees
 *       the shared change counter move, see {@link org.hindsight.system.SharedChanges});</li>
 *   <li>for {@link #FRESH_FOR} after it was computed, by the injected clock: "overdue" and "done in the last 30
 *       days" move with time, not only with changes, and a change made directly in the database raises no
 *       generation anywhere, so it may show this late.</li>
 * </ul>
 */
@Component
class LedgerNumbers {

    /** How long computed numbers are used at most, changes or not. */
    static final Duration FRESH_FOR = Duration.ofSeconds(10);
    /** Scopes × zones × days kept; each entry is a few kilobytes. */
    static final int MAX_ENTRIES = 500;

    /** What the page shows above the items. */
    record Numbers(Summary summary, List<Week> weeks) {
    }

    private record Key(LedgerFilter scope, ZoneId zone, LocalDate today) {
    }

    private record Entry(long generation, Instant computedAt, Numbers numbers) {

        /** Nothing changed since, and computed less than FRESH_FOR from now (either way: a clock set back). */
        boolean freshAt(long currentGeneration, Instant now) {
            return generation == currentGeneration
                    && Duration.between(computedAt, now).abs().compareTo(FRESH_FOR) < 0;
        }
    }

    private final LedgerSummary summary;
    private final BacklogSeries backlog;
    private final LedgerChanges changes;
    private final Cache<Key, Entry> cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

    LedgerNumbers(LedgerSummary summary, BacklogSeries backlog, LedgerChanges changes) {
        this.summary = summary;
        this.backlog = backlog;
        this.changes = changes;
    }

    /**
     * The numbers for the filter's scope, as of {@code now} in {@code zone}; {@code now} is the injected clock's (the
     * page's "today"), and is also what an entry's age is measured with.
     */
    Numbers numbers(LedgerFilter filter, Instant now, ZoneId zone) {
        Key key = new Key(filter.scope(), zone, LocalDate.ofInstant(now, zone));
        Entry cached = cache.getIfPresent(key);
        if (cached != null && cached.freshAt(changes.generation(), now)) {
            return cached.numbers();
        }
        // one computation per key at a time: the views that wait for it then use its result
        return cache.asMap().compute(key, (k, old) -> old != null && old.freshAt(changes.generation(), now) ? old
                : compute(k, now)).numbers();
    }

    private Entry compute(Key key, Instant now) {
        // read before the queries: a change committed after this raises the generation past it (LedgerChanges)
        long generation = changes.generation();
        Numbers numbers = new Numbers(summary.summarize(key.scope(), now, key.zone()),
                List.copyOf(backlog.weeks(key.scope(), now, key.zone())));
        return new Entry(generation, now, numbers);
    }
}
