package org.hindsight.alert;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One alert identity: an integration's fingerprint. Its current episode runs from {@code startsAt} to
 * {@code endsAt} (null while firing); a firing after it resolved starts a new episode in the same row.
 */
@Entity
@Table(name = "alert")
class Alert {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "integration_id", nullable = false, updatable = false)
    private long integrationId;

    @Column(nullable = false, length = 200, updatable = false)
    private String fingerprint;

    @Column(name = "incident_id")
    private Long incidentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private AlertStatus status;

    @Column(nullable = false, length = 300)
    private String name;

    @Column(length = 2000)
    private String summary;

    @Column(nullable = false, length = 8000)
    private String labels;

    @Column(length = 2000)
    private String link;

    @Column(name = "starts_at", nullable = false)
    private Instant startsAt;

    @Column(name = "ends_at")
    private Instant endsAt;

    @Column(name = "first_seen", nullable = false, updatable = false)
    private Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    private Instant lastSeen;

    @Column(name = "notification_id")
    private Long notificationId;

    @Version
    private long version;

    protected Alert() {
    }

    Alert(long integrationId, String fingerprint, Instant now) {
        this.integrationId = integrationId;
        this.fingerprint = fingerprint;
        this.firstSeen = now;
    }

    /** Takes what the latest notification says about the alert (not its state: see {@link #fire} and resolve). */
    void describe(IncomingAlert alert, long notificationId, Instant now) {
        this.name = IncomingAlert.cut(alert.name(), 300);
        this.summary = IncomingAlert.cut(alert.summary(), 2000);
        this.labels = IncomingAlert.cut(alert.labelsText(), 8000);
        this.link = alert.link() == null || alert.link().length() > 2000 ? null : alert.link();
        this.notificationId = notificationId;
        this.lastSeen = now;
    }

    void fire(Instant startsAt, Long incidentId) {
        this.status = AlertStatus.FIRING;
        this.startsAt = startsAt;
        this.endsAt = null;
        this.incidentId = incidentId;
    }

    void resolve(Instant endsAt) {
        this.status = AlertStatus.RESOLVED;
        this.endsAt = endsAt;
    }

    void attachTo(Long incidentId) {
        this.incidentId = incidentId;
    }

    Long getId() {
        return id;
    }

    long getIntegrationId() {
        return integrationId;
    }

    String getFingerprint() {
        return fingerprint;
    }

    Long getIncidentId() {
        return incidentId;
    }

    AlertStatus getStatus() {
        return status;
    }

    String getName() {
        return name;
    }

    String getSummary() {
        return summary;
    }

    String getLabels() {
        return labels;
    }

    String getLink() {
        return link;
    }

    Instant getStartsAt() {
        return startsAt;
    }

    Instant getEndsAt() {
        return endsAt;
    }

    Instant getFirstSeen() {
        return firstSeen;
    }

    Instant getLastSeen() {
        return lastSeen;
    }

    Long getNotificationId() {
        return notificationId;
    }
}
