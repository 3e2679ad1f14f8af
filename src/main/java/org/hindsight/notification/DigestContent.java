package org.hindsight.notification;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hindsight.action.ActionReminders;
import org.hindsight.action.ActionViews.BacklogWeek;
import org.hindsight.action.ActionViews.DueItem;
import org.hindsight.incident.IncidentLabel;
import org.hindsight.incident.IncidentService;
import org.hindsight.user.UserDirectory.Account;
import org.springframework.stereotype.Component;

/**
 * What the digests say, rendered from the mail templates: the daily one lists the owner's open items that are
 * overdue or due within {@value #DUE_WITHIN_DAYS} days (due dates are dates, as the owner's zone reads "today"); the
 * weekly one lists the overdue items by owner and the backlog of the last {@value #WEEKS} weeks. Each item names its
 * incident and links to its page under the public base URL ({@code HINDSIGHT_BASE_URL}).
 */
@Component
class DigestContent {

    static final int DUE_WITHIN_DAYS = 3;
    static final int WEEKS = 5;
    /** Items listed at most in one email; the rest are counted ("and 12 more"). */
    static final int MAX_ITEMS = 200;

    /** One item as a digest lists it. */
    record Line(String incidentKey, String incidentTitle, String title, LocalDate dueDate, String due, String url) {
    }

    /** An owner's overdue items in the weekly digest. */
    record OwnerItems(String owner, List<Line> items) {
    }

    private final ActionReminders actions;
    private final IncidentService incidents;
    private final NoticeTexts texts;
    private final MailTemplates templates;

    DigestContent(ActionReminders actions, IncidentService incidents, NoticeTexts texts, MailTemplates templates) {
        this.actions = actions;
        this.incidents = incidents;
        this.texts = texts;
        this.templates = templates;
    }

    /** The owner's daily digest for {@code today} in their zone, or null when they have nothing due. */
    MailTemplates.Rendered daily(Account owner, LocalDate today) {
        List<DueItem> due = actions.openOwnedDueBy(owner.id(), today.plusDays(DUE_WITHIN_DAYS));
        if (due.isEmpty()) {
            return null;
        }
        List<Line> lines = lines(due, today);
        List<Line> overdue = lines.stream().filter(l -> l.dueDate().isBefore(today)).toList();
        List<Line> soon = lines.stream().filter(l -> !l.dueDate().isBefore(today)).toList();
        Map<String, Object> model = model(owner, today);
        model.put("overdue", overdue);
        model.put("soon", soon);
        model.put("more", Math.max(0, due.size() - MAX_ITEMS));
        model.put("mineUrl", texts.baseUrl() + "/actions/mine");
        String subject = texts.text("email.daily.subject", overdue.size(), soon.size());
        return templates.render("daily", subject, model);
    }

    /** The weekly digest for a manager, as of {@code today} (a Monday) in their zone. */
    MailTemplates.Rendered weekly(Account manager, LocalDate today) {
        List<DueItem> overdue = actions.openOverdue(today);
        Map<String, List<Line>> byOwner = new LinkedHashMap<>();
        List<Line> lines = lines(overdue, today);
        for (int i = 0; i < lines.size(); i++) {
            String owner = overdue.get(i).ownerName() == null ? texts.text("notification.unassigned")
                    : overdue.get(i).ownerName();
            byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(lines.get(i));
        }
        List<OwnerItems> owners = byOwner.entrySet().stream()
                .sorted((a, b) -> b.getValue().size() != a.getValue().size()
                        ? Integer.compare(b.getValue().size(), a.getValue().size()) : a.getKey().compareTo(b.getKey()))
                .map(e -> new OwnerItems(e.getKey(), e.getValue())).toList();
        List<BacklogWeek> weeks = actions.backlogWeeks(manager.zone(), WEEKS);
        long openNow = weeks.isEmpty() ? 0 : weeks.get(weeks.size() - 1).backlog();
        long fourWeeksAgo = weeks.size() < WEEKS ? 0 : weeks.get(0).backlog();
        Map<String, Object> model = model(manager, today);
        model.put("owners", owners);
        model.put("overdueCount", overdue.size());
        model.put("more", Math.max(0, overdue.size() - MAX_ITEMS));
        model.put("weeks", weeks);
        model.put("openNow", openNow);
        long change = openNow - fourWeeksAgo;
        model.put("change", change > 0 ? "+" + change : change < 0 ? "\u2212" + -change : "\u00b10");
        model.put("ledgerUrl", texts.baseUrl() + "/actions?overdue=true");
        String subject = texts.text("email.weekly.subject", overdue.size(), openNow);
        return templates.render("weekly", subject, model);
    }

    private Map<String, Object> model(Account account, LocalDate today) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", account.displayName());
        model.put("today", today);
        model.put("zone", account.zone().getId());
        model.put("profileUrl", texts.baseUrl() + "/profile#email");
        return model;
    }

    /** The first {@value #MAX_ITEMS} items as lines, in their order. */
    private List<Line> lines(List<DueItem> items, LocalDate today) {
        List<DueItem> shown = items.subList(0, Math.min(items.size(), MAX_ITEMS));
        Map<Long, IncidentLabel> labels = incidents.labels(shown.stream().map(DueItem::incidentId).toList());
        return shown.stream().map(item -> {
            IncidentLabel incident = labels.get(item.incidentId());
            String key = incident == null ? "" : incident.key();
            return new Line(key, incident == null ? "" : incident.title(), item.title(), item.dueDate(),
                    due(item.dueDate(), today), texts.incidentUrl(key));
        }).toList();
    }

    private String due(LocalDate dueDate, LocalDate today) {
        long days = ChronoUnit.DAYS.between(today, dueDate);
        return days < 0 ? texts.text("ledger.overdueBy", -days)
                : days == 0 ? texts.text("ledger.dueToday") : texts.text("ledger.dueIn", days);
    }
}
