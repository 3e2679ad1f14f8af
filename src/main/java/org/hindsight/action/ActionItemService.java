package org.hindsight.action;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionViews.ActionItemView;
import org.hindsight.incident.IncidentLabel;
import org.hindsight.incident.IncidentService;
import org.hindsight.system.Audited;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.MarkdownRenderer;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.system.SafeUrls;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.User;
import org.hindsight.user.UserDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Action items of an incident. Whoever may edit the incident adds and edits them; an item's owner may
 * move it along (in progress, done, won't do) without being an editor.
 */
@Service
@Transactional
public class ActionItemService {

    private final ActionItemRepository items;
    private final IncidentService incidents;
    private final UserDirectory users;
    private final MarkdownRenderer markdown;
    private final DueDatePolicies dueDates;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    static final String AUDITED = "action item";

    ActionItemService(ActionItemRepository items, IncidentService incidents,
            UserDirectory users, MarkdownRenderer markdown, DueDatePolicies dueDates, Clock clock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.items = items;
        this.incidents = incidents;
        this.users = users;
        this.markdown = markdown;
        this.dueDates = dueDates;
        this.clock = clock;
    }

    // ---- reading

    @Transactional(readOnly = true)
    public List<ActionItemView> forIncident(HindsightUser viewer, long incidentId) {
        boolean editor = incidents.canEdit(viewer, incidentId);
        List<ActionItem> found = items.findByIncident(incidentId);
        IncidentLabel incident = found.isEmpty() ? null : incidents.label(incidentId);
        return found.stream().map(a -> view(a, incident, viewer, editor)).toList();
    }

    @Transactional(readOnly = true)
    public ActionItemView get(HindsightUser viewer, long id) {
        ActionItem item = load(id);
        return view(item, incidents.label(item.getIncidentId()), viewer, incidents.canEdit(viewer, item.getIncidentId()));
    }

    /**
     * Open items (open or in progress) due from {@code from} to {@code to}, both inclusive, earliest first: the
     * notification module announces the ones that became overdue.
     */
    @Transactional(readOnly = true)
    public List<ActionViews.DueItem> openDueBetween(LocalDate from, LocalDate to) {
        return items.findOpenDueBetween(from, to).stream().map(ActionReminders::due).toList();
    }

    /** The viewer's own open items across every incident, soonest due first. */
    @Transactional(readOnly = true)
    public List<ActionItemView> openOwnedBy(HindsightUser viewer) {
        List<ActionItem> found = items.findOpenByOwner(viewer.getId());
        Map<Long, IncidentLabel> labels = incidents.labels(found.stream().map(ActionItem::getIncidentId).toList());
        return found.stream().map(a -> view(a, labels.get(a.getIncidentId()), viewer, false)).toList();
    }

    // ---- writing

    /** Creates an open item without a due date with the policy's default due date. */
    public ActionItemView create(HindsightUser by, long incidentId, ActionFields fields) {
        return create(by, incidentId, fields, true);
    }

    /**
     * Creates an item; with {@code duePolicy} false an item without a due date keeps none (an imported postmortem
     * is a record of what was written, and export and import must give back the same items).
     */
    public ActionItemView create(HindsightUser by, long incidentId, ActionFields fields, boolean duePolicy) {
        incidents.requireEdit(by, incidentId);
        incidents.raiseRevision(incidentId); // the incident changed: its postmortem too
        Instant now = clock.instant();
        ActionItem item = new ActionItem(incidentId, fields.title().strip(),
                fields.type() == null ? ActionType.CORRECTIVE : fields.type(),
                fields.category() == null ? ActionCategory.TASK : fields.category(),
                users.reference(by.getId()), now);
        apply(item, fields, now);
        if (fields.dueDate() == null && duePolicy && item.getStatus().isOpen()) {
            // the policy's default, counted from the creator's today
            item.setDueDate(dueDates.defaultDueDate(incidents.label(incidentId).severity(), item.getType(),
                    by == null ? ZoneOffset.UTC : by.getZone()));
        }
        items.saveAndFlush(item);
        events.publishEvent(Audited.created(AUDITED, String.valueOf(item.getId()), incidentId, audited(item)));
        return get(by, item.getId());
    }

    public ActionItemView update(HindsightUser by, long id, ActionFields fields) {
        ActionItem item = load(id);
        incidents.requireEdit(by, item.getIncidentId());
        incidents.raiseRevision(item.getIncidentId());
        if (item.getVersion() != fields.version()) {
            throw new EditConflictException(view(item, incidents.label(item.getIncidentId()), by, true));
        }
        Map<String, Object> before = audited(item);
        item.setTitle(fields.title().strip());
        if (fields.type() != null) {
            item.setType(fields.type());
        }
        if (fields.category() != null) {
            item.setCategory(fields.category());
        }
        apply(item, fields, clock.instant());
        items.flush();
        events.publishEvent(Audited.changed(AUDITED, String.valueOf(id), item.getIncidentId(), before, audited(item)));
        return get(by, id);
    }

    /** Moves an item along; the owner may do this even without editing rights on the incident. */
    public ActionItemView changeStatus(HindsightUser by, long id, ActionStatus status, String reason, Long version) {
        ActionItem item = load(id);
        if (!mayChangeStatus(by, item, incidents.canEdit(by, item.getIncidentId()))) {
            throw new AccessDeniedException("Only the owner or the incident's editors move an action item");
        }
        if (version != null && item.getVersion() != version) {
            throw new EditConflictException(view(item, incidents.label(item.getIncidentId()), by, true));
        }
        incidents.raiseRevision(item.getIncidentId());
        Map<String, Object> before = audited(item);
        moveTo(item, status, reason, clock.instant());
        items.flush();
        events.publishEvent(Audited.changed(AUDITED, String.valueOf(id), item.getIncidentId(), before, audited(item)));
        return get(by, id);
    }

    /** What the audit trail compares of an item. */
    static Map<String, Object> audited(ActionItem item) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", item.getTitle());
        fields.put("details", item.getDetails());
        fields.put("type", item.getType());
        fields.put("category", item.getCategory());
        fields.put("owner", item.getOwner() == null ? null : item.getOwner().getUsername());
        fields.put("dueDate", item.getDueDate());
        fields.put("priority", item.getPriority());
        fields.put("status", item.getStatus());
        fields.put("wontDoReason", item.getWontDoReason());
        fields.put("trackerUrl", item.getTrackerUrl());
        return fields;
    }

    private void apply(ActionItem item, ActionFields fields, Instant now) {
        item.setDetails(blankToNull(fields.details()));
        item.setOwner(fields.owner() == null || fields.owner().isBlank() ? null : findOwner(fields.owner()));
        item.setDueDate(fields.dueDate());
        item.setPriority(fields.priority() == null ? ActionPriority.MEDIUM : fields.priority());
        String tracker = blankToNull(fields.trackerUrl());
        if (tracker != null && !SafeUrls.isWebUrl(tracker)) {
            throw new ChangeRefusedException("trackerUrl", "action.trackerUrl.invalid");
        }
        item.setTrackerUrl(tracker);
        if (fields.status() != null && (fields.status() != item.getStatus()
                || !Objects.equals(blankToNull(fields.wontDoReason()), item.getWontDoReason()))) {
            moveTo(item, fields.status(), fields.wontDoReason(), now);
        }
        item.touch(now);
    }

    static void moveTo(ActionItem item, ActionStatus status, String reason, Instant now) {
        String why = blankToNull(reason);
        if (status == ActionStatus.WONT_DO && why == null) {
            throw new ChangeRefusedException("wontDoReason", "action.wontDoReason.required");
        }
        if (why != null && why.length() > 2000) {
            throw new ChangeRefusedException("wontDoReason", "action.wontDoReason.tooLong");
        }
        item.moveTo(status, why, now);
    }

    // ---- helpers

    private ActionItem load(long id) {
        return items.findDetailed(id).orElseThrow(() -> new RecordNotFoundException("Action item", id));
    }

    private User findOwner(String username) {
        return users.enabledByUsername(username)
                .orElseThrow(() -> new ChangeRefusedException("owner", "incident.user.unknown"));
    }

    private static boolean mayChangeStatus(HindsightUser viewer, ActionItem item, boolean editor) {
        return editor || (viewer != null && item.getOwner() != null
                && Objects.equals(item.getOwner().getId(), viewer.getId()));
    }

    private ActionItemView view(ActionItem a, IncidentLabel incident, HindsightUser viewer, boolean editor) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), viewer == null ? ZoneOffset.UTC : viewer.getZone());
        User owner = a.getOwner();
        return new ActionItemView(a.getId(), incident.key(), incident.title(), a.getTitle(), a.getDetails(),
                markdown.toHtml(a.getDetails()), a.getType(), a.getCategory(),
                owner == null ? null : owner.getUsername(), owner == null ? null : owner.getDisplayName(),
                a.getDueDate(), a.getPriority(), a.getStatus(), a.getWontDoReason(), a.getCompletedAt(),
                a.getTrackerUrl(), a.getCreatedAt(),
                a.getStatus().isOpen() && a.getDueDate() != null && a.getDueDate().isBefore(today),
                editor, mayChangeStatus(viewer, a, editor), a.getVersion());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
