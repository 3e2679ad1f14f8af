package org.hindsight.postmortem;

import java.util.Comparator;

import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionViews.ActionItemView;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.timeline.DeadEndTimes;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads everything a postmortem shows in one read-only transaction. */
@Service
public class PostmortemLoader {

    private final IncidentService incidents;
    private final TimelineService timeline;
    private final ActionItemService actions;
    private final DeadEndTimes deadEnds;

    PostmortemLoader(IncidentService incidents, TimelineService timeline, ActionItemService actions,
            DeadEndTimes deadEnds) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.actions = actions;
        this.deadEnds = deadEnds;
    }

    /** The incident's postmortem data as {@code viewer} may see it; 404 for an unknown key. */
    @Transactional(readOnly = true)
    public PostmortemData load(HindsightUser viewer, String key) {
        IncidentDetails incident = incidents.details(key);
        var events = timeline.timeline(viewer, incident.id()).rows().stream().filter(row -> !row.deleted()).toList();
        var items = actions.forIncident(viewer, incident.id()).stream()
                .sorted(Comparator.comparing(ActionItemView::createdAt).thenComparingLong(ActionItemView::id))
                .toList();
        return new PostmortemData(incident, events, items, deadEnds.seconds(incident.id(), incident.revision()));
    }
}
