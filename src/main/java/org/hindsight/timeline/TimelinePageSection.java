package org.hindsight.timeline;

import java.util.HashMap;
import java.util.Map;

import org.hindsight.incident.IncidentPageSection;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.system.PageBodies;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.TimelineOrder;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The timeline part of the incident page: the newest {@link #WINDOW} events (earlier ones on request, a page at a
 * time, so a long incident's page stays small) and the one-line entry form.
 */
@Component
class TimelinePageSection implements IncidentPageSection {

    /** Events the incident page shows at first, and per "show earlier" page. */
    static final int WINDOW = 200;

    /** The one-line grammar's marker of each kind and key moment, shown beside them in the form. */
    private static final Map<String, String> MARKERS = markers();

    private final TimelineService timeline;
    private final DeadEndTimes deadEnds;
    private final RenderedRows rendered;

    TimelinePageSection(TimelineService timeline, DeadEndTimes deadEnds, RenderedRows rendered) {
        this.timeline = timeline;
        this.deadEnds = deadEnds;
        this.rendered = rendered;
    }

    private static Map<String, String> markers() {
        Map<String, String> markers = new HashMap<>();
        for (EventKind kind : EventKind.values()) {
            markers.put(kind.name(), EntryLine.markerOf(kind));
        }
        for (KeyMoment moment : KeyMoment.values()) {
            markers.put(moment.name(), EntryLine.markerOf(moment));
        }
        return Map.copyOf(markers);
    }

    @Override
    public void populate(Model model, HindsightUser viewer, IncidentDetails incident) {
        // the revision read with the summary: a change committed since is sent again by the live feed
        var window = timeline.window(viewer, incident.id(), incident.revision(), null, WINDOW);
        model.addAttribute("timeline", window);
        // shown in the summary beside the durations (fragments/incident :: summary)
        model.addAttribute("deadEndSeconds", deadEnds.seconds(incident.id(), incident.revision()));
        TimelineOrder order = viewer.getTimelineOrder();
        boolean newestFirst = order == TimelineOrder.NEWEST_FIRST;
        model.addAttribute("timelineOrder", order);
        model.addAttribute("newestFirst", newestFirst);
        // the rows' HTML is made from the rows above in the viewer's zone and order: only when the page's body is
        // rendered, not when it is kept (PageBodies)
        model.addAttribute("rowsHtml", new PageBodies.Derived<>(() -> rendered.window(window.rows(), order,
                incident.key())));
        model.addAttribute("eventKinds", EventKind.values());
        model.addAttribute("keyMoments", KeyMoment.values());
        model.addAttribute("markers", MARKERS);
        if (!model.containsAttribute("entry")) {
            model.addAttribute("entry", TimelineForms.Entry.empty());
        }
    }
}
