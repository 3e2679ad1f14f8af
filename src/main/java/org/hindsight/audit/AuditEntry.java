package org.hindsight.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** One field's change (or one event of a record), as it happened; immutable: Hibernate never updates it. */
@Entity
@Immutable
@Table(name = "audit_entry")
class AuditEntry {

    /** From a sequence, 50 at a time (migration V28): the entries of a batch of timeline posts go in one statement. */
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_entry_ids")
    @SequenceGenerator(name = "audit_entry_ids", sequenceName = "audit_entry_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, updatable = false)
    private Instant at;

    @Column(nullable = false, length = 120, updatable = false)
    private String actor;

    @Column(nullable = false, length = 16, updatable = false)
    private String channel;

    @Column(name = "record_type", nullable = false, length = 32, updatable = false)
    private String recordType;

    @Column(name = "record_id", nullable = false, length = 120, updatable = false)
    private String recordId;

    @Column(name = "incident_id", updatable = false)
    private Long incidentId;

    @Column(nullable = false, length = 16, updatable = false)
    private String action;

    @Column(length = 64, updatable = false)
    private String field;

    @Column(name = "from_value", length = 2000, updatable = false)
    private String fromValue;

    @Column(name = "to_value", length = 2000, updatable = false)
    private String toValue;

    /** A long text's change as a unified line diff; null for other changes. */
    @Column(length = 1_000_000, updatable = false)
    private String diff;

    protected AuditEntry() {
    }

    AuditEntry(Instant at, String actor, String channel, String recordType, String recordId, Long incidentId,
            String action, String field, String fromValue, String toValue, String diff) {
        this.at = at;
        this.actor = actor;
        this.channel = channel;
        this.recordType = recordType;
        this.recordId = recordId;
        this.incidentId = incidentId;
        this.action = action;
        this.field = field;
        this.fromValue = fromValue;
        this.toValue = toValue;
        this.diff = diff;
    }

    AuditViews.AuditView view() {
        return new AuditViews.AuditView(at, actor, channel, recordType, recordId, action, field, fromValue, toValue,
                diff);
    }
}
