package org.hindsight.action;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.hindsight.action.ActionViews.BacklogWeek;
import org.hindsight.action.ActionViews.DueItem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What reminders say about action items (the notification module's email digests): an owner's open items due by a
 * day, the open items overdue on a day, and the backlog's last weeks (the ledger's own series, for every item).
 */
@Service
@Transactional(readOnly = true)
public class ActionReminders {

    /** Earlier than any due date: "overdue" is every open item due before today. */
    private static final LocalDate EVER = LocalDate.of(1900, 1, 1);

    private final ActionItemRepository items;
    private final BacklogSeries backlog;
    private final Clock clock;

    ActionReminders(ActionItemRepository items, BacklogSeries backlog, Clock clock) {
        this.items = items;
        this.backlog = backlog;
        this.clock = clock;
    }

    /** The owner's open items (open or in progress) due on or before {@code lastDay}, soonest due first. */
    public List<DueItem> openOwnedDueBy(long ownerId, LocalDate lastDay) {
        return items.findOpenByOwner(ownerId).stream()
                .filter(a -> a.getDueDate() != null && !a.getDueDate().isAfter(lastDay))
                .map(ActionReminders::due).toList();
    }

    /** Every open item whose due date is before {@code today}, earliest first. */
    public List<DueItem> openOverdue(LocalDate today) {
        return items.findOpenDueBetween(EVER, today.minusDays(1)).stream().map(ActionReminders::due).toList();
    }

    /**
     * The last {@code count} weeks of the backlog of every item, Monday to Sunday in {@code zone}, oldest first; the
     * last is the current week so far.
     */
    public List<BacklogWeek> backlogWeeks(ZoneId zone, int count) {
        List<BacklogSeries.Week> weeks = backlog.weeks(LedgerFilter.defaults().scope(), clock.instant(), zone);
        return weeks.subList(Math.max(0, weeks.size() - count), weeks.size()).stream()
                .map(w -> new BacklogWeek(w.start(), w.opened(), w.closed(), w.backlog())).toList();
    }

    /** An item as reminders and announcements name it. */
    static DueItem due(ActionItem a) {
        return new DueItem(a.getId(), a.getIncidentId(), a.getTitle(),
                a.getOwner() == null ? null : a.getOwner().getDisplayName(), a.getDueDate(), a.getStatus());
    }
}
