package org.hindsight.alert;

import org.hindsight.incident.IncidentPageSection;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The alerts part of the incident page: the alerts of the incident and their state. */
@Component
class AlertsPageSection implements IncidentPageSection {

    private final AlertQueries queries;

    AlertsPageSection(AlertQueries queries) {
        this.queries = queries;
    }

    @Override
    public void populate(Model model, HindsightUser viewer, IncidentDetails incident) {
        model.addAttribute("incidentAlerts", queries.forIncident(incident.id()));
    }
}
