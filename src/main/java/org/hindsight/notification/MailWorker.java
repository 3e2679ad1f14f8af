package org.hindsight.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import org.hindsight.notification.MailOutbox.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the emails the {@link MailOutbox} recorded, on every instance at once, each email by exactly one of them: a
 * worker <b>claims</b> due rows with a conditional UPDATE that one worker wins (as the webhooks'
 * {@link DeliveryWorker}), sends them outside any transaction and records each attempt ({@code email_attempt}) while
 * its claim holds. After a failed attempt the next waits {@code retryDelays} (1 min, 5 min, 30 min, 2 h, then 2 h
 * again) until {@code giveUpAfter} (24 h); the SMTP server's permanent refusal (a 5xx reply) ends it at once.
 * In the background one dispatcher thread per instance sends what is due every {@code pollInterval} and right after
 * each commit that recorded an email; tests call {@link #deliverDue}.
 */
@Component
class MailWorker {

    private static final Logger log = LoggerFactory.getLogger(MailWorker.class);

    private static final String DUE = "SELECT id FROM email_delivery WHERE state = 'PENDING' AND next_attempt_at <= ?"
            + " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_attempt_at, id FETCH FIRST ? ROWS ONLY";
    private static final String CLAIM = "UPDATE email_delivery SET claim_token = ?, claimed_until = ? WHERE id = ?"
            + " AND state = 'PENDING' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)";
    private static final String LOAD = "SELECT id, claim_token, kind, recipient, subject, text_body, html_body,"
            + " attempts, created_at FROM email_delivery WHERE claim_token = ? ORDER BY next_attempt_at, id";
    private static final String RECORD = "UPDATE email_delivery SET state = ?, attempts = ?, next_attempt_at = ?,"
            + " last_error = ?, finished_at = ?, claim_token = NULL, claimed_until = NULL WHERE id = ? AND claim_token = ?";
    private static final String ATTEMPT = "INSERT INTO email_attempt (delivery_id, number, started_at, duration_ms,"
            + " error, outcome) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String EXPIRE = "UPDATE email_delivery SET state = 'FAILED', next_attempt_at = NULL,"
            + " finished_at = ?, last_error = ? WHERE state = 'PENDING' AND created_at < ?"
            + " AND (claimed_until IS NULL OR claimed_until < ?)";
    private static final String FORGET = "DELETE FROM email_delivery WHERE state <> 'PENDING' AND created_at < ?";
    private static final int BATCH = 20;

    /** A claimed email, with what sending it needs. */
    record Claimed(long id, String token, Kind kind, String recipient, String subject, String text, String html,
            int attempts, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SmtpSender sender;
    private final EmailMetrics metrics;
    private final Clock clock;
    private final EmailProperties properties;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "email-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile boolean stopping;

    MailWorker(JdbcTemplate jdbc, PlatformTransactionManager transactions, SmtpSender sender, EmailMetrics metrics,
            Clock clock, EmailProperties properties) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
        this.properties = properties;
    }

    /** Sends what is due soon, on the dispatcher thread (background only). */
    void nudge() {
        if (!properties.background() || stopping) {
            return;
        }
        if (requested.compareAndSet(false, true)) {
            try {
                dispatcher.execute(() -> {
                    requested.set(false);
                    try {
                        expire();
                        deliverDue();
                    } catch (DataAccessException e) {
                        log.warn("Cannot send the emails due now; they are sent later: {}", e.getMessage());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                requested.set(false); // stopping
            }
        }
    }

    /**
     * Claims every email due now and sends them one after another on the calling thread; answers how many were
     * attempted. Without an SMTP server nothing is sent (the emails wait, and expire after {@code giveUpAfter}).
     */
    int deliverDue() {
        if (!sender.enabled()) {
            return 0;
        }
        int total = 0;
        for (List<Claimed> batch = claim(BATCH); !batch.isEmpty() && !stopping; batch = claim(BATCH)) {
            for (Claimed claimed : batch) {
                attempt(claimed);
            }
            total += batch.size();
        }
        return total;
    }

    /** Claims up to {@code limit} due emails, each with a conditional UPDATE that commits at once. */
    List<Claimed> claim(int limit) {
        String token = OutboxClaim.claim(jdbc, clock, DUE, CLAIM, properties.claimLease(), limit);
        if (token == null) {
            return List.of();
        }
        return jdbc.query(LOAD, (rs, n) -> new Claimed(rs.getLong("id"), rs.getString("claim_token"),
                Kind.valueOf(rs.getString("kind")), rs.getString("recipient"), rs.getString("subject"),
                rs.getString("text_body"), rs.getString("html_body"), rs.getInt("attempts"),
                Db.instant(rs, "created_at")), token);
    }

    /** Sends one claimed email and records the attempt, while the claim is still this worker's. */
    void attempt(Claimed claimed) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        SmtpSender.Result result;
        try {
            result = sender.send(claimed);
        } catch (RuntimeException e) {
            result = new SmtpSender.Result(SmtpSender.Outcome.RETRY, String.valueOf(e));
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - t0) / 1_000_000);
        Instant now = clock.instant();
        int number = claimed.attempts() + 1;
        SmtpSender.Outcome outcome = result.outcome();
        String error = result.error();
        Instant next = null;
        if (outcome == SmtpSender.Outcome.RETRY) {
            List<Duration> delays = properties.retryDelays();
            next = now.plus(delays.get(Math.min(number, delays.size()) - 1));
            if (next.isAfter(claimed.createdAt().plus(properties.giveUpAfter()))) {
                outcome = SmtpSender.Outcome.FAILED;
                next = null;
                error = error + " \u2014 given up: not sent within " + properties.giveUpAfter().toHours() + " h";
            }
        }
        String state = switch (outcome) {
            case SENT -> "SENT";
            case RETRY -> "PENDING";
            case FAILED -> "FAILED";
        };
        SmtpSender.Outcome recorded = outcome;
        Instant nextAttempt = next;
        String lastError = MailOutbox.cut(error, 500);
        Boolean kept = tx.execute(status -> {
            int updated = jdbc.update(RECORD, state, number, Db.time(nextAttempt), lastError,
                    "PENDING".equals(state) ? null : Db.time(now), claimed.id(), claimed.token());
            if (updated == 1) {
                jdbc.update(ATTEMPT, claimed.id(), number, Db.time(started), millis, lastError, recorded.name());
            }
            return updated == 1;
        });
        metrics.attempted(claimed.kind(), recorded);
        if (!Boolean.TRUE.equals(kept)) {
            log.warn("Email {}: its claim expired during attempt {}; another worker has it", claimed.id(), number);
        } else if (recorded != SmtpSender.Outcome.SENT) {
            log.info("Email {} ({}) attempt {}: {}{}", claimed.id(), claimed.kind(), number, lastError,
                    recorded == SmtpSender.Outcome.RETRY ? "; next attempt at " + nextAttempt : "; not tried again");
        }
    }

    /** Emails still pending past the limit (no SMTP server, or no worker ran) are given up. */
    int expire() {
        Instant now = clock.instant();
        return jdbc.update(EXPIRE, Db.time(now), "Given up: not sent within " + properties.giveUpAfter().toHours()
                + " h", Db.time(now.minus(properties.giveUpAfter())), Db.time(now));
    }

    /** Forgets finished emails (and their attempts) older than {@code keepDeliveries}. */
    int forgetOld() {
        return jdbc.update(FORGET, Db.time(clock.instant().minus(properties.keepDeliveries())));
    }

    @PreDestroy
    void stop() {
        stopping = true;
        dispatcher.shutdownNow();
    }
}
