package org.hindsight.alert;

import java.time.Instant;

/** Alerts as the alerts page and the incident page show them. */
public final class AlertViews {

    private AlertViews() {
    }

    /** One alert; {@code incidentKey} null when it belongs to no incident. */
    public record AlertRow(long id, String integration, AlertSource source, AlertStatus status, String name,
            String summary, String labels, String fingerprint, String link, Instant startsAt, Instant endsAt,
            Instant firstSeen, Instant lastSeen, String incidentKey, boolean hasPayload) {
    }

    /** The raw notification an alert last came in. */
    public record Payload(long alertId, String alertName, Instant receivedAt, String payload, boolean truncated) {
    }
}
