package org.hindsight.search;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Searches are the one thing a reader can make the database work on for long: a phrase of common words reads every
 * timeline event that holds its words (about a second of the database's time on the large data set). Without a bound,
 * sixteen such searches at once held all ten of the pool's connections for seconds, and everyone else's page views
 * and timeline posts were answered 503 while they ran. So:
 * <ul>
 *   <li>at most {@code hindsight.search.concurrent} searches (default 3) run at once on this instance; the pool's
 *       other connections stay free for everything else;</li>
 *   <li>a search waits for its turn at most {@code hindsight.search.wait} (default 10 s), <b>before</b> it takes a
 *       connection: waiting holds a request thread, never a connection;</li>
 *   <li>a search that has its turn has {@code hindsight.search.timeout} (default 10 s) to finish: it runs in a
 *       read-only transaction with that deadline, and Spring gives each statement what is left of it (the driver
 *       cancels a statement in the database when it runs out), so a search out of time frees its connection. The
 *       driver's limit is in whole seconds, rounded, so a statement begun in the last half second gets none: on
 *       PostgreSQL each statement is also bounded there by the whole timeout ({@link TextSearch#bound}).</li>
 * </ul>
 * The search page and API, and the incident list's text filter on the page and the API, all run through it.
 * A search refused either way is answered 503 with {@code Retry-After}, saying which ({@link SearchNotFinished}).
 * The counter {@code hindsight.search.refused} counts them by {@code reason} ({@code busy}, {@code too-slow}); the
 * gauge {@code hindsight.search.waiting} says how many wait now.
 */
@Component
class SearchGate {

    private final Semaphore turns;
    private final Duration wait;
    private final Duration timeout;
    private final Counter busy;
    private final Counter tooSlow;
    private final TransactionTemplate reads;

    SearchGate(@Value("${hindsight.search.concurrent:3}") int concurrent,
            @Value("${hindsight.search.wait:10s}") Duration wait,
            @Value("${hindsight.search.timeout:10s}") Duration timeout, MeterRegistry meters,
            PlatformTransactionManager transactions) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("hindsight.search.concurrent must be at least 1, not " + concurrent);
        }
        if (wait.isNegative() || timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("hindsight.search.wait must not be negative and hindsight.search.timeout"
                    + " must be at least 1 s (statements are bounded in whole seconds), not " + wait + ", " + timeout);
        }
        this.turns = new Semaphore(concurrent, true);
        this.wait = wait;
        this.timeout = timeout;
        this.busy = refused(meters, "busy");
        this.tooSlow = refused(meters, "too-slow");
        this.reads = new TransactionTemplate(transactions);
        this.reads.setReadOnly(true);
        this.reads.setTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        Gauge.builder("hindsight.search.waiting", turns, Semaphore::getQueueLength)
                .description("Searches waiting for their turn").register(meters);
    }

    private static Counter refused(MeterRegistry meters, String reason) {
        return Counter.builder("hindsight.search.refused").description("Searches answered 503, by why")
                .tag("reason", reason).register(meters);
    }

    /**
     * Runs {@code search} when it is this one's turn, in a read-only transaction with the search's deadline (which
     * {@code search} also sets in the database where it can: {@link TextSearch#bound}). Call it outside any
     * transaction, as every caller in the application does: a caller's transaction would be joined, with its own
     * deadline or none, and waiting for the turn would hold its connection (tests that roll their data back do join).
     * {@link SearchNotFinished} when the turn did not come within the wait, or the search ran out of time.
     */
    <T> T read(Supplier<T> search) {
        boolean turn;
        try {
            turn = turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            busy.increment();
            throw new SearchNotFinished(SearchNotFinished.Reason.BUSY, wait, null);
        }
        long started = System.nanoTime();
        try {
            return reads.execute(status -> search.get());
        } catch (RuntimeException e) {
            // past its deadline, whatever failed failed for want of time (Hibernate's own deadline, for one, fails a
            // statement prepared after it as a TransactionException)
            if (timedOut(e) || System.nanoTime() - started >= timeout.toNanos()) {
                tooSlow.increment();
                throw new SearchNotFinished(SearchNotFinished.Reason.TOO_SLOW, timeout, e);
            }
            // the search's native queries are not translated on their way out (no repository): a lock wait that gave
            // up (hindsight.database.lock-timeout) is answered busy as everywhere else, not as an error
            DataAccessException translated = EntityManagerFactoryUtils.convertJpaAccessExceptionIfPossible(e);
            throw translated != null ? translated : e;
        } finally {
            turns.release();
        }
    }

    /**
     * The search ran out of time: its deadline passed between two statements (Spring), or the database cancelled a
     * statement (SQLSTATE 57014, on PostgreSQL and H2 alike; Hibernate and Spring call it a query timeout).
     */
    static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransactionTimedOutException || t instanceof QueryTimeoutException
                    || t instanceof jakarta.persistence.QueryTimeoutException
                    || t instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
