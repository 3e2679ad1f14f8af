package org.hindsight.action;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hindsight.incident.IncidentService;
import org.hindsight.system.Audited;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.hindsight.user.User;
import org.hindsight.user.UserDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Managers change many action items at once from the ledger: reassign, move the due date, change the status.
 * Each item is changed in a transaction of its own and only if it is still the version the manager saw; an
 * item changed meanwhile is skipped and reported, never overwritten.
 */
@Service
class BulkActions {

    /** At most this many items per request (the ledger shows 50 a page). */
    static final int MAX_ITEMS = 200;

    enum Operation {
        REASSIGN, DUE_DATE, STATUS
    }

    /** An item as the manager saw it: its id and version. */
    record Selected(long id, long version) {

        /** "12:3" as the ledger's checkboxes send it; null for anything else. */
        static Selected parse(String value) {
            int colon = value == null ? -1 : value.indexOf(':');
            try {
                return colon < 1 ? null : new Selected(Long.parseLong(value.substring(0, colon)),
                        Long.parseLong(value.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** The change; only the fields the operation needs are read. {@code owner} blank unassigns. */
    record Change(Operation operation, String owner, LocalDate dueDate, ActionStatus status, String reason) {
    }

    /** What happened: how many changed, and the items skipped because someone changed them first. */
    record Outcome(int changed, List<String> conflicts, int missing) implements Serializable {
    }

    private final ActionItemRepository items;
    private final UserDirectory users;
    private final IncidentService incidents;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    BulkActions(ActionItemRepository items, UserDirectory users, IncidentService incidents, PlatformTransactionManager transactions,
            Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.items = items;
        this.users = users;
        this.incidents = incidents;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    static boolean mayUse(HindsightUser user) {
        return user != null && user.hasRole(Role.MANAGER);
    }

    Outcome apply(HindsightUser by, List<Selected> selected, Change change) {
        if (!mayUse(by)) {
            throw new AccessDeniedException("Only managers change action items in bulk");
        }
        Long ownerId = check(change);
        int changed = 0;
        int missing = 0;
        List<String> conflicts = new ArrayList<>();
        for (Selected one : selected.stream().distinct().limit(MAX_ITEMS).toList()) {
            String[] conflict = new String[1];
            try {
                Boolean done = transaction.execute(tx -> applyOne(one, change, ownerId, conflict));
                if (done == null) {
                    missing++;
                } else if (done) {
                    changed++;
                } else {
                    conflicts.add(conflict[0]);
                }
            } catch (OptimisticLockingFailureException e) {
                conflicts.add(conflict[0] == null ? "#" + one.id() : conflict[0]);
            }
        }
        return new Outcome(changed, List.copyOf(conflicts), missing);
    }

    /** Refuses a change that cannot apply to any item; answers the new owner's id (null to unassign). */
    private Long check(Change change) {
        if (change.operation() == null) {
            throw new ChangeRefusedException("operation", "ledger.bulk.operation.required");
        }
        switch (change.operation()) {
            case REASSIGN -> {
                if (change.owner() == null || change.owner().isBlank()) {
                    return null;
                }
                return users.enabledByUsername(change.owner())
                        .map(User::getId)
                        .orElseThrow(() -> new ChangeRefusedException("newOwner", "incident.user.unknown"));
            }
            case DUE_DATE -> {
                if (change.dueDate() == null) {
                    throw new ChangeRefusedException("newDueDate", "ledger.bulk.dueDate.required");
                }
            }
            case STATUS -> {
                if (change.status() == null) {
                    throw new ChangeRefusedException("newStatus", "action.status.invalid");
                }
                if (change.status() == ActionStatus.WONT_DO && (change.reason() == null || change.reason().isBlank())) {
                    throw new ChangeRefusedException("reason", "action.wontDoReason.required");
                }
            }
        }
        return null;
    }

    /** True changed, false a conflict (described in {@code conflict[0]}), null no such item. */
    private Boolean applyOne(Selected one, Change change, Long ownerId, String[] conflict) {
        ActionItem item = items.findDetailed(one.id()).orElse(null);
        if (item == null) {
            return null;
        }
        conflict[0] = incidents.label(item.getIncidentId()).key() + " \u201c" + item.getTitle() + "\u201d";
        if (item.getVersion() != one.version()) {
            return false;
        }
        incidents.raiseRevision(item.getIncidentId()); // the incident changed: its postmortem too
        Map<String, Object> before = ActionItemService.audited(item);
        Instant now = clock.instant();
        switch (change.operation()) {
            case REASSIGN -> item.setOwner(ownerId == null ? null : users.reference(ownerId));
            case DUE_DATE -> item.setDueDate(change.dueDate());
            case STATUS -> ActionItemService.moveTo(item, change.status(), change.reason(), now);
        }
        item.touch(now);
        items.flush();
        events.publishEvent(Audited.changed(ActionItemService.AUDITED, String.valueOf(item.getId()),
                item.getIncidentId(), before, ActionItemService.audited(item)));
        return true;
    }
}
