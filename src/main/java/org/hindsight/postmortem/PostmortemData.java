package org.hindsight.postmortem;

import java.util.List;

import org.hindsight.action.ActionViews.ActionItemView;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.timeline.TimelineViews.TimelineRow;

/**
 * What a postmortem is made of: the incident, its timeline (no deleted events, in time order), its action items,
 * and the time it lost to dead ends ({@link org.hindsight.timeline.DeadEndTimes}).
 */
public record PostmortemData(IncidentDetails incident, List<TimelineRow> events, List<ActionItemView> actions,
        long deadEndSeconds) {
}
