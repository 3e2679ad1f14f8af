package org.hindsight.incident;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.system.MarkdownRenderer;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;

/**
 * Fills the model of the incident page ({@code incident/show}). Besides the incident itself the page shows the
 * timeline and the action items; their packages contribute through {@link IncidentPageSection}s, so a form
 * error in any of them re-renders the whole page with the user's text kept.
 */
@Component
public class IncidentPage {

    public static final String VIEW = "incident/show";

    private final IncidentService incidents;
    private final MarkdownRenderer markdown;
    private final java.util.List<IncidentPageSection> sections;

    IncidentPage(IncidentService incidents, MarkdownRenderer markdown, java.util.List<IncidentPageSection> sections) {
        this.incidents = incidents;
        this.markdown = markdown;
        this.sections = sections;
    }

    /**
     * Puts the incident, its rendered Markdown and every section into the model; returns the view name. One
     * read-only transaction for all of it: one connection and one commit per page instead of one per section.
     */
    @Transactional(readOnly = true)
    public String populate(Model model, HindsightUser viewer, String key) {
        IncidentDetails incident = incidents.details(key);
        model.addAttribute("incident", incident);
        model.addAttribute("html", renderedMarkdown(incident));
        viewerParts(model, viewer, incident);
        model.addAttribute("statuses", IncidentStatus.values());
        for (IncidentPageSection section : sections) {
            section.populate(model, viewer, incident);
        }
        return VIEW;
    }

    /**
     * What the viewer may do here, for the page and its live updates: {@code canEdit} (change the incident, set
     * key moments), {@code canLog} (log events), {@code joined} (listed among its responders), {@code canJoin}
     * (a responder not yet listed, who does not command it either).
     */
    public void viewerParts(Model model, HindsightUser viewer, IncidentDetails incident) {
        boolean canLog = IncidentService.canLog(viewer);
        boolean joined = viewer != null
                && incident.responders().stream().anyMatch(r -> r.id() == viewer.getId());
        boolean commands = viewer != null && incident.commander() != null
                && incident.commander().id() == viewer.getId();
        model.addAttribute("canEdit", incidents.canEdit(viewer, incident.id()));
        model.addAttribute("canLog", canLog);
        model.addAttribute("joined", canLog && joined);
        model.addAttribute("canJoin", canLog && !joined && !commands);
    }

    /** The incident's Markdown fields as sanitised HTML, by field name. */
    public Map<String, String> renderedMarkdown(IncidentDetails incident) {
        Map<String, String> html = new LinkedHashMap<>();
        html.put("impact", markdown.toHtml(incident.impact()));
        html.put("rootCause", markdown.toHtml(incident.rootCause()));
        html.put("resolution", markdown.toHtml(incident.resolution()));
        html.put("contributingFactors", markdown.toHtml(incident.contributingFactors()));
        html.put("lessons", markdown.toHtml(incident.lessons()));
        html.put("notes", markdown.toHtml(incident.notes()));
        return html;
    }
}
