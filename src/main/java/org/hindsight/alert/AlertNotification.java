package org.hindsight.alert;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A notification as received, its payload cut at 256 KB, kept 30 days for debugging. */
@Entity
@Table(name = "alert_notification")
class AlertNotification {

    static final int MAX_PAYLOAD = 262_144;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "integration_id", nullable = false, updatable = false)
    private long integrationId;

    @Column(name = "received_at", nullable = false, updatable = false)
    private Instant receivedAt;

    @Column(nullable = false, length = MAX_PAYLOAD, updatable = false)
    private String payload;

    @Column(nullable = false, updatable = false)
    private boolean truncated;

    @Column(name = "alert_count", nullable = false, updatable = false)
    private int alertCount;

    protected AlertNotification() {
    }

    AlertNotification(long integrationId, Instant receivedAt, String payload, int alertCount) {
        this.integrationId = integrationId;
        this.receivedAt = receivedAt;
        this.truncated = payload.length() > MAX_PAYLOAD;
        this.payload = truncated ? payload.substring(0, MAX_PAYLOAD) : payload;
        this.alertCount = alertCount;
    }

    Long getId() {
        return id;
    }

    Instant getReceivedAt() {
        return receivedAt;
    }

    String getPayload() {
        return payload;
    }

    boolean isTruncated() {
        return truncated;
    }
}
