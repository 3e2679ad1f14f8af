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
        var shown = queries.forIncident(incident.id());
        model.addAttribute("incidentAlerts", shown);
        model.addAttribute("incidentAlertCount", shown.size() < AlertQueries.INCIDENT_PAGE_ALERTS ? shown.size()
                : queries.countForIncident(incident.id()));
    }
}
