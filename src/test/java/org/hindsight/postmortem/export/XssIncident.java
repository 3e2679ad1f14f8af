package org.hindsight.postmortem.export;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentCommands.IncidentChanges;
import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;

/** An incident whose title, impact, timeline events and action items carry the XSS corpus. */
final class XssIncident {

    /** Markers a successful injection would set; none may ever appear as live behaviour. */
    static final List<String> CORPUS = List.of(
            "<script>window.__xss='script';alert('script')</script>",
            "<img src=x onerror=\"window.__xss='img';alert('img')\">",
            "[lower](javascript:alert('lower'))",
            "[mixed](JavaScript:alert('mixed'))",
            "[entity](java&#115;cript:alert('entity'))",
            "[data](data:text/html,<script>alert('data')</script>)",
            "![image](javascript:alert('image'))",
            "<a href=\"javascript:alert('raw')\">raw link</a>",
            "<javascript:alert('autolink')>");

    static final String TITLE = "<script>alert('title')</script> #1 *fix* | [x](javascript:alert(1))";

    private XssIncident() {
    }

    static String create(IncidentService incidents, TimelineService timeline, ActionItemService actions,
            HindsightUser manager) {
        Instant start = Instant.parse("2024-05-12T09:00:00Z");
        String corpus = String.join("\n\n", CORPUS);
        String key = incidents.create(manager, new NewIncident(TITLE, Severity.SEV1, null, start, null, corpus,
                new BigDecimal("12.5"), List.of("web"), null));
        long id = incidents.idOf(key);
        int minute = 0;
        for (String vector : CORPUS) {
            timeline.post(manager, id, new TimelineService.NewEvent("Event " + minute + ": " + vector,
                    start.plusSeconds(60L * ++minute), EventKind.OBSERVATION, Set.of(), false));
        }
        timeline.post(manager, id, new TimelineService.NewEvent("Resolved", start.plusSeconds(3600),
                EventKind.ACTION, Set.of(KeyMoment.END), false));
        var now = incidents.details(key);
        Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
        for (SummaryTime time : SummaryTime.values()) {
            times.put(time, now.get(time));
        }
        incidents.update(manager, key, IncidentChanges.from(now).times(times).commander(null).responders(List.of())
                .rootCauseSummary("<script>alert('summary')</script>").rootCause(corpus).resolution(corpus)
                .contributingFactors(corpus).lessons(corpus).notes(corpus).build());
        for (String vector : CORPUS) {
            actions.create(manager, id, new ActionFields("Fix " + vector.replace('\n', ' '), vector, ActionType.CORRECTIVE,
                    ActionCategory.TASK, null, LocalDate.parse("2024-06-01"), ActionPriority.HIGH, ActionStatus.OPEN,
                    null, null, 0));
        }
        return key;
    }
}
