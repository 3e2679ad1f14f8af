package org.hindsight.action;

import java.time.Instant;
import java.time.LocalDate;

/** Read models of action items, safe to render after the transaction. */
public final class ActionViews {

    private ActionViews() {
    }

    /**
     * An action item as pages and the API show it. {@code detailsHtml} is sanitised Markdown; {@code overdue}
     * is judged against today's date in the viewer's zone; {@code mayEdit} and {@code mayChangeStatus} are for the viewer.
     */
    public record ActionItemView(long id, String incidentKey, String incidentTitle, String title, String details,
            String detailsHtml, ActionType type, ActionCategory category, String owner, String ownerName,
            LocalDate dueDate, ActionPriority priority, ActionStatus status, String wontDoReason, Instant completedAt,
            String trackerUrl, Instant createdAt, boolean overdue, boolean mayEdit, boolean mayChangeStatus,
            long version) {

        /** Days from {@code today} to the due date: negative when overdue, null without a due date. */
        public Long dueInDays(LocalDate today) {
            return dueDate == null ? null : java.time.temporal.ChronoUnit.DAYS.between(today, dueDate);
        }
    }

    /** An open item with its due date, as the overdue announcements name it. */
    public record DueItem(long id, long incidentId, String title, String ownerName, LocalDate dueDate,
            ActionStatus status) {
    }

    /** A week of the backlog (Monday to Sunday in a zone): items opened and closed in it, and items open at its end. */
    public record BacklogWeek(LocalDate start, long opened, long closed, long backlog) {
    }
}
