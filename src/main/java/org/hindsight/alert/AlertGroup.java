package org.hindsight.alert;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A group of an integration's alerts and the incident it declared (null until a firing alert needs one). */
@Entity
@Table(name = "alert_group")
class AlertGroup {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "integration_id", nullable = false, updatable = false)
    private long integrationId;

    @Column(name = "group_hash", nullable = false, length = 64, updatable = false)
    private String groupHash;

    @Column(name = "group_key", nullable = false, length = 2000, updatable = false)
    private String groupKey;

    @Column(name = "incident_id")
    private Long incidentId;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected AlertGroup() {
    }

    AlertGroup(long integrationId, String groupHash, String groupKey, Instant now) {
        this.integrationId = integrationId;
        this.groupHash = groupHash;
        this.groupKey = groupKey;
        this.updatedAt = now;
    }

    Long getIncidentId() {
        return incidentId;
    }

    void declared(long incidentId, Instant now) {
        this.incidentId = incidentId;
        this.updatedAt = now;
    }
}
