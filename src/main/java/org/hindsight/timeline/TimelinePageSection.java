package org.hindsight.timeline;

import org.hindsight.incident.IncidentPageSection;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The timeline part of the incident page: the events and the one-line entry form. */
@Component
class TimelinePageSection implements IncidentPageSection {

    private final TimelineService timeline;

    TimelinePageSection(TimelineService timeline) {
        this.timeline = timeline;
    }

    @Override
    public void populate(Model model, HindsightUser viewer, IncidentDetails incident) {
        // the revision read with the summary: a change committed since is sent again by the live feed
        model.addAttribute("timeline", timeline.timeline(viewer, incident.id(), incident.revision()));
        model.addAttribute("eventKinds", EventKind.values());
        model.addAttribute("keyMoments", KeyMoment.values());
        if (!model.containsAttribute("entry")) {
            model.addAttribute("entry", TimelineForms.Entry.empty());
        }
    }
}
