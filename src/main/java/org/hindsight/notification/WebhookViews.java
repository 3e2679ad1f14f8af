package org.hindsight.notification;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hindsight.incident.Severity;

/** Webhooks and their deliveries as pages and the API show them. */
public final class WebhookViews {

    private WebhookViews() {
    }

    /** A webhook, never its secret (only its first characters, to tell secrets apart). */
    public record WebhookView(long id, String name, String url, WebhookFormat format, Set<WebhookEvent> events,
            Set<Severity> severities, boolean enabled, String secretHint, Instant createdAt, long version) {

        static WebhookView of(Webhook webhook) {
            return new WebhookView(webhook.getId(), webhook.getName(), webhook.getUrl(), webhook.getFormat(),
                    webhook.events(), webhook.severities(), webhook.isEnabled(), webhook.getSecretHint(),
                    webhook.getCreatedAt(), webhook.getVersion());
        }

        /** Its events in their declared order. */
        public List<WebhookEvent> eventList() {
            return java.util.Arrays.stream(WebhookEvent.values()).filter(events::contains).toList();
        }

        /** Its severities in their order; empty: all. */
        public List<Severity> severityList() {
            return java.util.Arrays.stream(Severity.values()).filter(severities::contains).toList();
        }
    }

    /** A new webhook and its secret: shown once, in the answer to its creation. */
    public record WithSecret(WebhookView webhook, String secret) {
    }

    /**
     * One message to one webhook: what it announced ({@code event}, {@code summary}), when it was recorded, how
     * many attempts were made, the last HTTP status or error, when the next attempt is due (while pending), and
     * every attempt.
     */
    public record DeliveryView(long id, String messageId, String event, String summary, DeliveryState state,
            int attempts, Integer lastStatus, String lastError, Instant createdAt, Instant nextAttemptAt,
            Instant finishedAt, List<AttemptView> attemptLog) {
    }

    /** One attempt: when, how long, the receiver's HTTP status or the error, and what followed. */
    public record AttemptView(int number, Instant at, int durationMs, Integer httpStatus, String error,
            String outcome) {
    }

    /** One page of a webhook's deliveries, newest first. */
    public record DeliveryPage(List<DeliveryView> items, int page, int size, long total) {

        public int pages() {
            return (int) ((total + size - 1) / size);
        }
    }
}
