package org.hindsight.timeline;

import org.hindsight.incident.IncidentPageSection;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.user.HindsightUser;
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

    private final TimelineService timeline;
    private final TimelineDisplay display;

    TimelinePageSection(TimelineService timeline, TimelineDisplay display) {
        this.timeline = timeline;
        this.display = display;
    }

    @Override
    public void populate(Model model, HindsightUser viewer, IncidentDetails incident) {
        // the revision read with the summary: a change committed since is sent again by the live feed
        var window = timeline.window(viewer, incident.id(), incident.revision(), null, WINDOW);
        model.addAttribute("timeline", window);
        model.addAttribute("shownRows", display.rows(window.rows()));
        model.addAttribute("eventKinds", EventKind.values());
        model.addAttribute("keyMoments", KeyMoment.values());
        if (!model.containsAttribute("entry")) {
            model.addAttribute("entry", TimelineForms.Entry.empty());
        }
    }
}
