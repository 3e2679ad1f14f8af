package org.hindsight.notification;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The outbox: one {@code webhook_delivery} row per webhook that wants a notice, written in the caller's
 * transaction (the change's own), with the body rendered for the webhook's format. Nothing is sent here: after the
 * commit the {@link DeliveryWorker} is nudged, and it sends off the request thread. A change that rolls back
 * leaves no row, so nothing is announced that did not happen; one that commits has its rows, so nothing that
 * happened is lost when the app stops before sending.
 */
@Component
class Outbox {

    private static final String INSERT = "INSERT INTO webhook_delivery (webhook_id, message_id, event, incident_id,"
            + " summary, body, state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)";

    private final WebhookRepository webhooks;
    private final WebhookMessages messages;
    private final JdbcTemplate jdbc;
    private final DeliveryWorker worker;
    private final Clock clock;

    Outbox(WebhookRepository webhooks, WebhookMessages messages, JdbcTemplate jdbc, DeliveryWorker worker,
            Clock clock) {
        this.webhooks = webhooks;
        this.messages = messages;
        this.jdbc = jdbc;
        this.worker = worker;
        this.clock = clock;
    }

    /** The enabled webhooks that want this event of some incident (before the notice is worth making). */
    List<Webhook> subscribers(WebhookEvent event) {
        return webhooks.findByEnabledTrue().stream().filter(w -> w.events().contains(event)).toList();
    }

    /** Records the notice for each of {@code candidates} that wants it (event and severity); answers how many. */
    int record(WebhookEvent event, Notice notice, List<Webhook> candidates) {
        int recorded = 0;
        for (Webhook webhook : candidates) {
            if (webhook.wants(event, notice.severity())) {
                insert(webhook, notice);
                recorded++;
            }
        }
        return recorded;
    }

    /** Records the notice for one webhook, whatever it wants (a test message); answers the delivery's id. */
    long insert(Webhook webhook, Notice notice) {
        String messageId = UUID.randomUUID().toString();
        OffsetDateTime now = Db.time(clock.instant());
        jdbc.update(INSERT, webhook.getId(), messageId, notice.event(),
                notice.incident() == null ? null : notice.incident().id(), notice.summary(),
                messages.render(webhook.getFormat(), notice, messageId), now, now);
        nudgeAfterCommit();
        return jdbc.queryForObject("SELECT id FROM webhook_delivery WHERE message_id = ?", Long.class, messageId);
    }

    /**
     * Once the transaction commits, the worker looks for due deliveries at once (not at its next poll); one nudge
     * per transaction, however many deliveries it recorded.
     */
    private void nudgeAfterCommit() {
        AfterCommit.once(NUDGE, worker::nudge);
    }

    /** Marks a transaction whose commit nudges the worker already. */
    private static final Object NUDGE = new Object();
}
