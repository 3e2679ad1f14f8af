package org.hindsight.search;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.IncidentChanges;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.timeline.TimelineService;
import org.hindsight.timeline.TimelineService.NewEvent;
import org.hindsight.user.HindsightUser;

/** What the search's tests search: incidents, their text, events and action items, written through the services. */
final class IncidentRecords {

    private final IncidentService incidents;
    private final TimelineService timeline;
    private final ActionItemService actions;
    private final HindsightUser by;

    IncidentRecords(IncidentService incidents, TimelineService timeline, ActionItemService actions, HindsightUser by) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.actions = actions;
        this.by = by;
    }

    /** A SEV3 incident; its key. */
    String declare(String title, Instant startedAt, String... services) {
        return declare(title, Severity.SEV3, startedAt, services);
    }

    String declare(String title, Severity severity, Instant startedAt, String... services) {
        return incidents.create(by, new NewIncident(title, severity, null, startedAt, null, null, null,
                List.of(services), null));
    }

    void edit(String key, UnaryOperator<IncidentChanges.Builder> change) {
        incidents.update(by, key, change.apply(IncidentChanges.from(incidents.details(key))).build());
    }

    /** A note on the incident's timeline; the event's id. */
    long event(String key, String text) {
        return timeline.post(by, incidents.idOf(key), new NewEvent(text, null, null, Set.of(), false)).event().id();
    }

    /** A corrective task; the action item's id. */
    long action(String key, String title, String details) {
        return actions.create(by, incidents.idOf(key), new ActionFields(title, details, ActionType.CORRECTIVE,
                ActionCategory.TASK, null, null, null, null, null, null, 0)).id();
    }
}
