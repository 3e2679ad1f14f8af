package org.hindsight.action;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import org.hindsight.incident.IncidentKey;
import org.hindsight.incident.PostmortemState;
import org.hindsight.incident.Severity;

/**
 * One action item as the ledger, its CSV export and the API list it: read by one projection query with its
 * incident and owner, no entities loaded. Public for the query's constructor expression.
 */
public record LedgerRow(long id, long incidentId, String incidentTitle, Severity severity, String title,
        ActionType type, ActionCategory category, String owner, String ownerName, LocalDate dueDate,
        ActionPriority priority, ActionStatus status, Instant createdAt, Instant completedAt, long version,
        PostmortemState postmortemState) {

    public String incidentKey() {
        return IncidentKey.format(incidentId);
    }

    /** Still to do and due before {@code today} (the viewer's today). */
    public boolean overdue(LocalDate today) {
        return status.isOpen() && dueDate != null && dueDate.isBefore(today);
    }

    /** Days from today to the due date: negative when overdue, null without a due date. */
    public Long dueInDays(LocalDate today) {
        return dueDate == null ? null : ChronoUnit.DAYS.between(today, dueDate);
    }

    /** Whole days since the item was created, in the viewer's zone. */
    public long ageDays(LocalDate today, java.time.ZoneId zone) {
        return Math.max(0, ChronoUnit.DAYS.between(LocalDate.ofInstant(createdAt, zone), today));
    }
}
