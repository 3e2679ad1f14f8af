package org.hindsight.incident;

import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.user.HindsightUser;
import org.springframework.ui.Model;

/** A part of the incident page that another feature owns (the timeline, the action items). */
public interface IncidentPageSection {

    /** Adds this section's data, and its empty forms unless the model already holds them (a re-render). */
    void populate(Model model, HindsightUser viewer, IncidentDetails incident);
}
