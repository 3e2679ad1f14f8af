package org.hindsight.postmortem.review;

import java.util.ArrayList;
import java.util.List;

import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionViews.ActionItemView;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.postmortem.PostmortemData;

/**
 * The completeness check a postmortem passes before it is published: started and mitigated times, impact, root
 * cause, resolution, at least one action item, and an owner and a due date on every open one. Each unmet line links
 * to where it is fixed.
 */
final class Checklist {

    static final String STARTED = "startedAt";
    static final String MITIGATED = "mitigatedAt";
    static final String IMPACT = "impact";
    static final String ROOT_CAUSE = "rootCause";
    static final String RESOLUTION = "resolution";
    static final String ACTION_ITEM = "actionItem";
    static final String OWNERS_AND_DUE_DATES = "ownersAndDueDates";

    private Checklist() {
    }

    static List<ReviewViews.ChecklistItem> of(PostmortemData data) {
        IncidentDetails incident = data.incident();
        String edit = "/incidents/" + incident.key() + "/edit";
        String actions = "/incidents/" + incident.key() + "#actions";
        List<ReviewViews.ChecklistItem> items = new ArrayList<>();
        items.add(new ReviewViews.ChecklistItem(STARTED, incident.startedAt() != null, edit + "#startedAt"));
        items.add(new ReviewViews.ChecklistItem(MITIGATED, incident.mitigatedAt() != null, edit + "#mitigatedAt"));
        items.add(new ReviewViews.ChecklistItem(IMPACT, present(incident.impact()), edit + "#impact"));
        items.add(new ReviewViews.ChecklistItem(ROOT_CAUSE, present(incident.rootCause())
                || present(incident.rootCauseSummary()), edit + "#rootCause"));
        items.add(new ReviewViews.ChecklistItem(RESOLUTION, present(incident.resolution()), edit + "#resolution"));
        items.add(new ReviewViews.ChecklistItem(ACTION_ITEM, !data.actions().isEmpty(), actions));
        items.add(new ReviewViews.ChecklistItem(OWNERS_AND_DUE_DATES,
                data.actions().stream().filter(Checklist::open).allMatch(a -> a.owner() != null && a.dueDate() != null),
                actions));
        return items;
    }

    private static boolean open(ActionItemView item) {
        return item.status() == ActionStatus.OPEN || item.status() == ActionStatus.IN_PROGRESS;
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }
}
