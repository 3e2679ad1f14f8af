package org.hindsight.search;

import org.hindsight.incident.IncidentPageSection;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * "Similar incidents" on the incident page: up to five incidents that started before this one, most alike first
 * (shared services, then shared words of the title and root cause), so that a responder sees in the middle of an
 * outage that it happened before. One statement on PostgreSQL, two on H2.
 */
@Component
class SimilarIncidentsSection implements IncidentPageSection {

    static final int SHOWN = 5;

    private final SearchService search;

    SimilarIncidentsSection(SearchService search) {
        this.search = search;
    }

    @Override
    public void populate(Model model, HindsightUser viewer, IncidentDetails incident) {
        model.addAttribute("similarIncidents", search.similar(incident.id(), SHOWN));
    }
}
