package org.hindsight.action;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.hindsight.action.BacklogSeries.Week;
import org.hindsight.action.LedgerSummary.Summary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *   <li>for {@link #FRESH_FOR} after it was computed, by the injected clock, and then for up to
 *       {@link #REFRESH_WITHIN} while one background thread computes its successor: "overdue" and "done in the last
 *       30 days" move with time, not only with changes, and a change made directly in the database raises no
 *       generation anywhere, so it may show this late (20 s, plus the computation's own time).</li>
 * </ul>
 *
 * The background computation is so that the views of a busy ledger do not all wait, every ten seconds, for the half
 * second its numbers take at 200,000 items. A change, or an entry older than {@link #REFRESH_WITHIN}, is computed
 * while the view waits.
 */
@Component
class LedgerNumbers {

    /** How long computed numbers are used, changes or not, before their successor is computed. */
    static final Duration FRESH_FOR = Duration.ofSeconds(10);
    /** How long an unchanged entry is shown at most while its successor is computed in the background. */
    static final Duration REFRESH_WITHIN = FRESH_FOR.multipliedBy(2);
    /** Scopes × zones × days kept; each entry is a few kilobytes. */
    static final int MAX_ENTRIES = 500;

    /** What the page shows above the items. */
    record Numbers(Summary summary, List<Week> weeks) {
    }

    private record Key(LedgerFilter scope, ZoneId zone, LocalDate today) {
    }

    /** {@code refreshing}: its successor is being computed in the background. */
    private record Entry(long generation, Instant computedAt, Numbers numbers, AtomicBoolean refreshing) {

        /** Nothing changed since, and computed less than FRESH_FOR from now (either way: a clock set back). */
        boolean freshAt(long currentGeneration, Instant now) {
            return generation == currentGeneration
                    && Duration.between(computedAt, now).abs().compareTo(FRESH_FOR) < 0;
        }

        /** Nothing changed since, and computed less than REFRESH_WITHIN before now (not after it). */
        boolean showableWhileRefreshedAt(long currentGeneration, Instant now) {
            Duration age = Duration.between(computedAt, now);
            return generation == currentGeneration && !age.isNegative() && age.compareTo(REFRESH_WITHIN) < 0;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LedgerNumbers.class);

    private final LedgerSummary summary;
    private final BacklogSeries backlog;
    private final LedgerChanges changes;
    private final Cache<Key, Entry> cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    /** One thread: refreshes run one at a time, each entry's at most once. */
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-numbers");
        thread.setDaemon(true);
        return thread;
    });

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
        long generation = changes.generation();
        if (cached != null && cached.freshAt(generation, now)) {
            return cached.numbers();
        }
        if (cached != null && cached.showableWhileRefreshedAt(generation, now)) {
            if (cached.refreshing().compareAndSet(false, true)) {
                try {
                    refresher.execute(() -> refresh(key, cached, now));
                } catch (RejectedExecutionException stopping) {
                    cached.refreshing().set(false); // the application is stopping: shown as it is
                }
            }
            return cached.numbers();
        }
        // one computation per key at a time: the views that wait for it then use its result
        return cache.asMap().compute(key, (k, old) -> old != null && old.freshAt(changes.generation(), now) ? old
                : compute(k, now)).numbers();
    }

    /** Computes the successor of {@code old}, unless a view computed one meanwhile. */
    private void refresh(Key key, Entry old, Instant now) {
        try {
            cache.asMap().computeIfPresent(key, (k, current) -> current == old ? compute(k, now) : current);
        } catch (RuntimeException e) {
            log.warn("The ledger's numbers could not be refreshed; the next view computes them", e);
            cache.asMap().remove(key, old);
        } finally {
            old.refreshing().set(false);
        }
    }

    private Entry compute(Key key, Instant now) {
        // read before the queries: a change committed after this raises the generation past it (LedgerChanges)
        long generation = changes.generation();
        Numbers numbers = new Numbers(summary.summarize(key.scope(), now, key.zone()),
                List.copyOf(backlog.weeks(key.scope(), now, key.zone())));
        return new Entry(generation, now, numbers, new AtomicBoolean());
    }

    /**
     * Lets a computation under way finish (not interrupted: an interrupt during a read closes the embedded H2
     * database's file for every session) and starts no other.
     */
    @PreDestroy
    void stop() throws InterruptedException {
        refresher.shutdown();
        if (!refresher.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("The ledger's numbers were still being computed as the application stopped");
        }
    }
}
