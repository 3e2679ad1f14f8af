package org.hindsight.action;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hindsight.incident.Severity;

/** For incidents of one severity: days from an action item's creation to its default due date, by type. */
@Entity
@Table(name = "due_date_policy")
class DueDatePolicy {

    @Id
    @Enumerated(EnumType.STRING)
    @Column(length = 8)
    private Severity severity;

    @Column(name = "corrective_days", nullable = false)
    private int correctiveDays;

    @Column(name = "preventive_days", nullable = false)
    private int preventiveDays;

    @Column(name = "detective_days", nullable = false)
    private int detectiveDays;

    @Column(name = "process_days", nullable = false)
    private int processDays;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected DueDatePolicy() {
    }

    Severity getSeverity() {
        return severity;
    }

    int days(ActionType type) {
        return switch (type) {
            case CORRECTIVE -> correctiveDays;
            case PREVENTIVE -> preventiveDays;
            case DETECTIVE -> detectiveDays;
            case PROCESS -> processDays;
        };
    }

    void set(int corrective, int preventive, int detective, int process, Instant now) {
        this.correctiveDays = corrective;
        this.preventiveDays = preventive;
        this.detectiveDays = detective;
        this.processDays = process;
        this.updatedAt = now;
    }

    long getVersion() {
        return version;
    }
}
