package org.hindsight.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the deliveries the {@link Outbox} recorded, on every instance at once, each delivery by exactly one of them.
 * A worker <b>claims</b> due deliveries with a conditional UPDATE ({@code claim_token}, {@code claimed_until}) that
 * only one worker can win for a row, on H2 as on PostgreSQL; it then sends them outside any transaction and records
 * each attempt (the delivery's state, attempts, next attempt, last status or error, and a {@code webhook_attempt}
 * row) only while its claim holds. A claim lasts {@code claimLease}, longer than any attempt can: a worker that
 * died mid-send leaves its claim to expire, and another sends again (at least once; the message id lets a
 * receiver drop the repeat).
 * <p>
 * In the background ({@code hindsight.webhooks.background}), each instance looks every {@code pollInterval} and right
 * after every commit that recorded deliveries ({@link #nudge}); a dispatcher thread claims as many as there are
 * free sender threads ({@code senders}), so a receiver that hangs holds one sender for at most its timeouts and
 * never the others, nor any request. Tests call {@link #deliverDue} instead.
 * <p>
 * After a failed attempt the next one waits {@code retryDelays} (1 min, 5 min, 30 min, 2 h, then 2 h again) until
 * {@code giveUpAfter} (24 h) since the change; a 2xx ends it, and a 3xx or 4xx other than 408 and 429 ends it at
 * once (the receiver refused the message, and would again).
 */
@Component
class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    /** What came of an attempt. */
    enum Outcome {
        DELIVERED, RETRY, FAILED
    }

    private static final String DUE = "SELECT d.id FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
            + " WHERE d.state = 'PENDING' AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until < ?)"
            + " AND w.enabled = TRUE ORDER BY d.next_attempt_at, d.id FETCH FIRST ? ROWS ONLY";
    /** Wins the row only if no other worker has since: the condition is checked again under the row's lock. */
    private static final String CLAIM = "UPDATE webhook_delivery SET claim_token = ?, claimed_until = ?"
            + " WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)";
    private static final String LOAD = "SELECT d.id, d.claim_token, d.message_id, d.event, d.body, d.attempts,"
            + " d.created_at, w.id AS webhook_id, w.url, w.format, w.secret FROM webhook_delivery d"
            + " JOIN webhook w ON w.id = d.webhook_id WHERE d.claim_token = ? ORDER BY d.next_attempt_at, d.id";
    private static final String RECORD = "UPDATE webhook_delivery SET state = ?, attempts = ?, next_attempt_at = ?,"
            + " last_status = ?, last_error = ?, finished_at = ?, claim_token = NULL, claimed_until = NULL"
            + " WHERE id = ? AND claim_token = ?";
    private static final String ATTEMPT = "INSERT INTO webhook_attempt (delivery_id, number, started_at, duration_ms,"
            + " http_status, error, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String EXPIRE = "UPDATE webhook_delivery SET state = 'FAILED', next_attempt_at = NULL,"
            + " finished_at = ?, last_error = ? WHERE state = 'PENDING' AND created_at < ?"
            + " AND (claimed_until IS NULL OR claimed_until < ?)";
    private static final String FORGET = "DELETE FROM webhook_delivery WHERE state <> 'PENDING' AND created_at < ?";
    private static final int BATCH = 20;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final WebhookSender sender;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final WebhookProperties properties;

    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(threads("webhook-dispatch"));
    private final ExecutorService senders;
    private final Semaphore free;
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile boolean failing;

    DeliveryWorker(JdbcTemplate jdbc, PlatformTransactionManager transactions, WebhookSender sender,
            WebhookMetrics metrics, Clock clock, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
        this.properties = properties;
        int count = Math.max(1, properties.senders());
        this.senders = Executors.newFixedThreadPool(count, threads("webhook-sender"));
        this.free = new Semaphore(count);
    }

    /** A delivery this worker won, with what sending it needs. */
    record Claimed(long id, String token, long webhookId, String url, WebhookFormat format, String secret,
            String messageId, String event, String body, int attempts, Instant createdAt) {
    }

    // ---- in the background

    /** Looks for due deliveries soon, on the dispatcher thread; nudges while it is busy make one more look. */
    void nudge() {
        if (!properties.background() || stopping) {
            return;
        }
        if (requested.compareAndSet(false, true)) {
            try {
                dispatcher.execute(() -> {
                    requested.set(false);
                    dispatch();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                requested.set(false); // stopping
            }
        }
    }

    /** The scheduled look (every instance): gives up on deliveries past the limit, then sends what is due. */
    void poll() {
        if (!properties.background()) {
            return;
        }
        try {
            expire();
        } catch (DataAccessException e) {
            if (!failing) {
                failing = true; // said once, not every few seconds while the database is away
                log.warn("Cannot read the webhook deliveries; they are sent once the database is back: {}",
                        e.getMessage());
            }
            return;
        }
        if (failing) {
            failing = false;
            log.info("Reading the webhook deliveries works again");
        }
        nudge();
    }

    private void dispatch() {
        try {
            while (!stopping) {
                int capacity = free.availablePermits();
                if (capacity == 0) {
                    return; // a sender that finishes looks again
                }
                List<Claimed> batch = claim(capacity);
                for (Claimed claimed : batch) {
                    free.acquireUninterruptibly();
                    senders.execute(() -> {
                        try {
                            attempt(claimed);
                        } catch (RuntimeException e) {
                            log.warn("Webhook delivery {} could not be recorded (sent again once its claim expires):"
                                    + " {}", claimed.id(), e.getMessage());
                        } finally {
                            free.release();
                            nudge();
                        }
                    });
                }
                if (batch.size() < capacity) {
                    return;
                }
            }
        } catch (DataAccessException e) {
            log.warn("Cannot claim webhook deliveries: {}", e.getMessage());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    // ---- at once, for tests

    /**
     * Claims every delivery due now and sends them one after another on the calling thread; answers how many were
     * attempted. What another worker claimed meanwhile is theirs.
     */
    int deliverDue() {
        int total = 0;
        for (List<Claimed> batch = claim(BATCH); !batch.isEmpty(); batch = claim(BATCH)) {
            for (Claimed claimed : batch) {
                attempt(claimed);
            }
            total += batch.size();
        }
        return total;
    }

    // ---- the steps

    /**
     * Claims up to {@code limit} due deliveries, each with a conditional UPDATE that commits at once. When another
     * worker won every one it tried, it looks again (those are no longer due for it); empty: nothing is due.
     */
    List<Claimed> claim(int limit) {
        String token = OutboxClaim.claim(jdbc, clock, DUE, CLAIM, properties.claimLease(), limit);
        if (token == null) {
            return List.of();
        }
        return jdbc.query(LOAD, (rs, n) -> new Claimed(rs.getLong("id"), rs.getString("claim_token"),
                rs.getLong("webhook_id"), rs.getString("url"), WebhookFormat.valueOf(rs.getString("format")),
                rs.getString("secret"), rs.getString("message_id"), rs.getString("event"), rs.getString("body"),
                rs.getInt("attempts"), Db.instant(rs, "created_at")), token);
    }

    /** Sends one claimed delivery and records the attempt, while the claim is still this worker's. */
    void attempt(Claimed claimed) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        WebhookSender.Answer answer = sender.send(claimed.url(), claimed.event(), claimed.messageId(),
                claimed.body(), claimed.secret(), started);
        int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - t0) / 1_000_000);
        Instant now = clock.instant();
        int number = claimed.attempts() + 1;
        Outcome outcome = outcome(answer);
        String error = answer.error();
        Instant next = null;
        if (outcome == Outcome.RETRY) {
            next = now.plus(wait(number, answer.retryAfter()));
            if (next.isAfter(claimed.createdAt().plus(properties.giveUpAfter()))) {
                outcome = Outcome.FAILED;
                next = null;
                error = error + " \u2014 given up: not delivered within " + hours(properties.giveUpAfter());
            }
        }
        DeliveryState state = switch (outcome) {
            case DELIVERED -> DeliveryState.DELIVERED;
            case RETRY -> DeliveryState.PENDING;
            case FAILED -> DeliveryState.FAILED;
        };
        Outcome recorded = outcome;
        Instant nextAttempt = next;
        String lastError = cut(error);
        Integer kept = tx.execute(status -> {
            int updated = jdbc.update(RECORD, state.name(), number, Db.time(nextAttempt), answer.status(), lastError,
                    state == DeliveryState.PENDING ? null : Db.time(now), claimed.id(), claimed.token());
            if (updated == 1) {
                jdbc.update(ATTEMPT, claimed.id(), number, Db.time(started), millis, answer.status(), lastError,
                        recorded.name());
                return 1;
            }
            // its webhook was deleted meanwhile (0), or its claim expired and another worker has it (1)
            return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery WHERE id = ?", Integer.class,
                    claimed.id()) > 0 ? -1 : 0;
        });
        metrics.attempted(claimed.format(), recorded);
        if (kept != null && kept == 0) {
            log.debug("Webhook delivery {} was deleted with its webhook during attempt {}", claimed.id(), number);
        } else if (kept == null || kept < 0) {
            log.warn("Webhook delivery {}: its claim expired during attempt {}; another worker has it",
                    claimed.id(), number);
        } else if (recorded == Outcome.DELIVERED) {
            log.debug("Webhook {} delivery {} delivered (attempt {})", claimed.webhookId(), claimed.id(), number);
        } else {
            // the address may hold a token in its path: the log names the webhook by id and host only
            log.info("Webhook {} ({}) delivery {} attempt {}: {}{}", claimed.webhookId(),
                    WebhookSettings.masked(claimed.url()), claimed.id(), number, lastError,
                    recorded == Outcome.RETRY ? "; next attempt at " + nextAttempt : "; not tried again");
        }
    }

    /** 2xx delivered; 408, 429, 5xx, no answer or anything else retried; other 3xx and 4xx refused for good. */
    static Outcome outcome(WebhookSender.Answer answer) {
        if (answer.delivered()) {
            return Outcome.DELIVERED;
        }
        Integer status = answer.status();
        if (status == null || status == 408 || status == 429 || status >= 500) {
            return Outcome.RETRY;
        }
        return status >= 300 ? Outcome.FAILED : Outcome.RETRY;
    }

    /** The wait after failed attempt {@code number} (the last delay repeats), or the receiver's Retry-After if longer. */
    Duration wait(int number, Duration retryAfter) {
        List<Duration> delays = properties.retryDelays();
        Duration wait = delays.get(Math.min(number, delays.size()) - 1);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter.compareTo(properties.giveUpAfter()) > 0 ? properties.giveUpAfter() : retryAfter;
        }
        return wait;
    }

    /** Deliveries still pending past the limit (their webhook was off, or no worker ran) are given up. */
    int expire() {
        Instant now = clock.instant();
        return jdbc.update(EXPIRE, Db.time(now), "Given up: not delivered within " + hours(properties.giveUpAfter()),
                Db.time(now.minus(properties.giveUpAfter())), Db.time(now));
    }

    /** Forgets finished deliveries (and their attempts) older than {@code keepDeliveries}. */
    int forgetOld() {
        return jdbc.update(FORGET, Db.time(clock.instant().minus(properties.keepDeliveries())));
    }

    private static String hours(Duration duration) {
        return duration.toMinutes() % 60 == 0 ? duration.toHours() + " h" : duration.toMinutes() + " min";
    }

    private static String cut(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 499) + "\u2026";
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        dispatcher.shutdownNow();
        senders.shutdown();
        if (!senders.awaitTermination(properties.connectTimeout().plus(properties.readTimeout()).toMillis() + 1000,
                TimeUnit.MILLISECONDS)) {
            senders.shutdownNow();
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
