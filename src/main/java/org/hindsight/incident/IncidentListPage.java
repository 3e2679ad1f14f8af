package org.hindsight.incident;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hindsight.incident.IncidentList.ListedIncident;
import org.hindsight.system.PageBodies;
import org.hindsight.system.PageLinks;
import org.hindsight.system.Times;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Fills the model of the incident list ({@code incident/list}): one page of incidents, the filters' choices, the
 * page links, and the body rendered from them ({@code listBody}), kept for the next viewer who would see the same
 * ({@link PageBodies}): during an outage many people reload the list, and between two changes they all see the same
 * rows. What the body's templates would otherwise read from the request, the clock or the viewer travels in the
 * model, so that a kept body is kept under it: the page links, each row's duration (until now for an ongoing
 * incident, as the list shows it: to the second in its first minute, then to the minute, then to the hour) and
 * whether the viewer may declare incidents.
 */
@Component
class IncidentListPage {

    static final String VIEW = "incident/list";
    /** Everything inside the layout. */
    static final String BODY = "incident/list-body :: pageBody";
    static final int PAGE_SIZE = 25;

    private final IncidentList incidentList;
    private final IncidentTextFilter text;
    private final IncidentService incidents;
    private final PageBodies bodies;
    private final PageLinks links;
    private final Times times;

    IncidentListPage(IncidentList incidentList, IncidentTextFilter text, IncidentService incidents,
            PageBodies bodies, PageLinks links, Times times) {
        this.incidentList = incidentList;
        this.text = text;
        this.incidents = incidents;
        this.bodies = bodies;
        this.links = links;
        this.times = times;
    }

    String populate(Model model, HindsightUser viewer, IncidentFilter filter, int page) {
        Page<ListedIncident> listed = filter.read(text, () -> incidentList.page(filter, page, PAGE_SIZE));
        model.addAttribute("incidents", listed);
        model.addAttribute("durations", durations(listed));
        model.addAttribute("pageLinks", links.around(listed));
        model.addAttribute("services", incidents.serviceNames());
        model.addAttribute("canDeclare", viewer != null && viewer.hasRole(Role.RESPONDER));
        model.addAttribute("listBody", bodies.body(BODY, model));
        return VIEW;
    }

    /** Each row's duration as the list shows it, by incident key: until now while the incident is not resolved. */
    private Map<String, String> durations(Page<ListedIncident> listed) {
        Map<String, String> durations = new LinkedHashMap<>();
        for (ListedIncident incident : listed) {
            durations.put(incident.key(), times.duration(incident.startedAt(), incident.resolvedAt()));
        }
        return durations;
    }
}
