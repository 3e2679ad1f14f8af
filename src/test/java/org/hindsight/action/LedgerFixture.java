package org.hindsight.action;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;

/**
 * Six action items on two incidents of a service of their own, made on successive days before
 * {@link LedgerClock#START} (the clock is back there afterwards): the ledger tests filter to that service.
 */
final class LedgerFixture {

    final HindsightUser manager;
    final HindsightUser alice;
    final HindsightUser bob;
    final String service;
    final String sev1;
    final String sev3;
    final ActionItemService actions;
    /** Titles, each unique to this fixture. */
    final String a1, a2, a3, a4, a5, a6;
    final long id1, id2, id3, id4, id5, id6;

    LedgerFixture(TestUsers users, IncidentService incidents, ActionItemService actions) {
        this.actions = actions;
        LedgerClock.at(LedgerClock.START.minus(Duration.ofDays(7)));
        manager = users.create("ledger-manager", Role.MANAGER);
        alice = users.create("alice", Role.RESPONDER);
        bob = users.create("bob", Role.VIEWER);
        service = TestUsers.unique("svc");
        sev1 = incidents.create(manager, new NewIncident("Checkout down", Severity.SEV1, null, null, null, null, null,
                List.of(service), null));
        sev3 = incidents.create(manager, new NewIncident("Slow search", Severity.SEV3, null, null, null, null, null,
                List.of(service), null));
        String tag = TestUsers.unique("");
        LocalDate today = LocalDate.ofInstant(LedgerClock.START, java.time.ZoneOffset.UTC);
        a1 = "Fix pool" + tag;
        id1 = item(sev1, a1, ActionType.CORRECTIVE, alice, today.minusDays(5), ActionPriority.HIGH);
        a2 = "Add canary" + tag;
        id2 = item(sev1, a2, ActionType.PREVENTIVE, alice, today.plusDays(2), ActionPriority.LOW);
        a3 = "Alert on p99" + tag;
        id3 = item(sev3, a3, ActionType.DETECTIVE, bob, today.plusDays(10), ActionPriority.MEDIUM);
        a4 = "Patch index" + tag;
        id4 = item(sev3, a4, ActionType.CORRECTIVE, null, today.minusDays(1), ActionPriority.LOW);
        a5 = "Runbook" + tag;
        id5 = item(sev3, a5, ActionType.PROCESS, bob, today.minusDays(3), ActionPriority.HIGH);
        a6 = "Rewrite all" + tag;
        id6 = item(sev1, a6, ActionType.CORRECTIVE, alice, today.minusDays(20), ActionPriority.MEDIUM);
        LedgerClock.at(LedgerClock.START.minus(Duration.ofHours(2)));
        actions.changeStatus(manager, id2, ActionStatus.IN_PROGRESS, null, null);
        actions.changeStatus(manager, id5, ActionStatus.DONE, null, null);
        actions.changeStatus(manager, id6, ActionStatus.WONT_DO, "Too big", null);
        LedgerClock.at(LedgerClock.START);
    }

    /** Made a day after the one before. */
    private long item(String key, String title, ActionType type, HindsightUser owner, LocalDate due,
            ActionPriority priority) {
        LedgerClock.CLOCK.advance(Duration.ofDays(1));
        return actions.create(manager, incidentsId(key), new ActionFields(title, null, type, ActionCategory.TASK,
                owner == null ? null : owner.getUsername(), due, priority, null, null, null, 0)).id();
    }

    private static long incidentsId(String key) {
        return Long.parseLong(key.substring("INC-".length()));
    }
}
