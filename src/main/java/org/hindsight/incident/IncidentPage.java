package org.hindsight.incident;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.system.MarkdownRenderer;
import org.hindsight.system.PageBodies;
import org.hindsight.system.Times;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;

/**
 * Fills the model of the incident page ({@code incident/show}). Besides the incident itself the page shows the
 * timeline and the action items; their packages contribute through {@link IncidentPageSection}s, so a form
 * error in any of them re-renders the whole page with the user's text kept.
 */
@Component
public class IncidentPage {

    public static final String VIEW = "incident/show";
    /** Everything inside the layout: rendered once per distinct model and kept ({@link PageBodies}). */
    static final String BODY = "incident/body :: pageBody";

    private final IncidentService incidents;
    private final MarkdownRenderer markdown;
    private final java.util.List<IncidentPageSection> sections;
    private final PageBodies bodies;
    private final Times times;
    private final TransactionTemplate reads;

    IncidentPage(IncidentService incidents, MarkdownRenderer markdown, java.util.List<IncidentPageSection> sections,
            PageBodies bodies, Times times, PlatformTransactionManager transactions) {
        this.incidents = incidents;
        this.markdown = markdown;
        this.sections = sections;
        this.bodies = bodies;
        this.times = times;
        this.reads = new TransactionTemplate(transactions);
        this.reads.setReadOnly(true);
    }

    /**
     * Puts the incident, its rendered Markdown and every section into the model, and the page's body rendered from
     * them ({@code incidentBody}, kept for the next viewer who would see the same); returns the view name. One
     * read-only transaction for the reads (one connection and one commit per page instead of one per section),
     * ended before the body is rendered.
     */
    public String populate(Model model, HindsightUser viewer, String key) {
        reads.executeWithoutResult(status -> {
            IncidentDetails incident = incidents.details(key);
            model.addAttribute("incident", incident);
            summaryParts(model, incident);
            viewerParts(model, viewer, incident);
            model.addAttribute("statuses", IncidentStatus.values());
            for (IncidentPageSection section : sections) {
                section.populate(model, viewer, incident);
            }
        });
        model.addAttribute("incidentBody", bodies.body(BODY, model));
        return VIEW;
    }

    /**
     * What the summary shows besides the incident ({@code fragments/incident :: summary}), for the page and its
     * live updates: the rendered Markdown ({@code html}) and the duration so far ({@code totalDuration}, until now
     * while the incident is not resolved: in the model, so that a kept page is kept under it).
     */
    public void summaryParts(Model model, IncidentDetails incident) {
        model.addAttribute("html", renderedMarkdown(incident));
        model.addAttribute("totalDuration", times.duration(incident.startedAt(), incident.resolvedAt()));
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
    private Map<String, String> renderedMarkdown(IncidentDetails incident) {
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
