package org.hindsight.postmortem.templates;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.action.ActionViews.ActionItemView;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.IncidentViews.Durations;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.incident.IncidentViews.UserRef;
import org.hindsight.incident.Severity;
import org.hindsight.postmortem.ExportOptions;
import org.hindsight.postmortem.PostmortemData;
import org.hindsight.postmortem.PostmortemModel;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.hindsight.timeline.TimelineViews.TimelineRow;

/**
 * An in-memory postmortem with every field filled in and every kind of event and action item, on which
 * a team template is tried before it is saved: any name the template uses that the view lacks shows up.
 */
final class SamplePostmortem {

    private static final Instant START = Instant.parse("2024-05-12T09:00:00Z");

    private SamplePostmortem() {
    }

    static Map<String, Object> model() {
        return PostmortemModel.of(data(), ExportOptions.reference());
    }

    static PostmortemData data() {
        UserRef maria = new UserRef(1, "maria.lopez", "Maria Lopez");
        IncidentDetails incident = new IncidentDetails(1, "INC-1", "Sample incident", Severity.SEV2,
                IncidentStatus.POSTMORTEM, START, START, at(5), at(60), at(150), at(150), "Some impact.",
                new BigDecimal("30"), List.of("api"), maria, List.of(maria), "A summary.", "A cause.", "A fix.",
                "- A factor", "A lesson.", "A note.", new Durations(0L, 300L, 9000L, 9000L), START, START, 1, 0);
        List<TimelineRow> events = List.of(
                event(1, 0, EventKind.ALERT, "Alert fired.", Set.of(KeyMoment.START, KeyMoment.IMPACT_DETECTED)),
                event(2, 30, EventKind.DEAD_END, "Looked at the database.", Set.of()),
                event(3, 150, EventKind.ACTION, "Fixed.", Set.of(KeyMoment.MITIGATED, KeyMoment.END)));
        List<ActionItemView> actions = List.of(
                action(1, ActionCategory.IMPROVEMENT, ActionStatus.DONE, null),
                action(2, ActionCategory.TASK, ActionStatus.WONT_DO, "Not worth it."));
        // the dead end at 00:30 until the next event at 02:30
        return new PostmortemData(incident, events, actions, 7200);
    }

    private static TimelineRow event(long id, int minutes, EventKind kind, String text, Set<KeyMoment> moments) {
        return new TimelineRow(id, at(minutes), "Maria Lopez", "maria.lopez", text, "", kind, moments, false, false,
                false, false, false, 0, false, at(minutes));
    }

    private static ActionItemView action(long id, ActionCategory category, ActionStatus status, String reason) {
        return new ActionItemView(id, "INC-1", "Sample incident", "Action " + id, null, "", ActionType.PREVENTIVE,
                category, "maria.lopez", "Maria Lopez", LocalDate.parse("2024-06-01"), ActionPriority.HIGH, status,
                reason, null, null, START, false, false, false, 0);
    }

    private static Instant at(int minutes) {
        return START.plusSeconds(minutes * 60L);
    }
}
