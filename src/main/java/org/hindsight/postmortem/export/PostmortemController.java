package org.hindsight.postmortem.export;

import jakarta.servlet.http.HttpServletResponse;

import org.hindsight.incident.IncidentService;
import org.hindsight.postmortem.ExportOptions;
import org.hindsight.postmortem.export.PostmortemExporter.Export;
import org.hindsight.postmortem.templates.PostmortemTemplates;
import org.hindsight.system.TimeZoneChoices;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The postmortem page of an incident (the export rendered, with its options) and its downloads. The page opens in
 * the viewer's own zone and clock; its download links carry the options it shows, so a download is what the page
 * showed, while a download asked for without options keeps the export's defaults (UTC, the template's clock). A bad
 * option re-renders the page with a message at its field and the choices kept (400), never an error page.
 */
@Controller
class PostmortemController {

    private final PostmortemDownloads downloads;
    private final PostmortemTemplates templates;
    private final IncidentService incidents;

    PostmortemController(PostmortemDownloads downloads, PostmortemTemplates templates, IncidentService incidents) {
        this.downloads = downloads;
        this.templates = templates;
        this.incidents = incidents;
    }

    /** The options as the page shows them: as the form sent them, else the viewer's zone and clock. */
    record OptionsForm(String zone, String clock, String template, boolean fullHistory) {

        /** Whether the full-history box is ticked (any value but {@code true} leaves it clear). */
        static boolean ticked(String fullHistory) {
            return fullHistory != null && fullHistory.strip().equalsIgnoreCase("true");
        }
    }

    /**
     * The options of a page: what the request says, and for what it leaves out the viewer's zone and clock (their
     * profile's), so that the postmortem reads like every other view of theirs. A {@code clock} sent empty is the
     * template's own clock.
     */
    private OptionsForm optionsFor(HindsightUser me, String zone, String clock, String template, String fullHistory) {
        String viewerZone = me.getZone() == null || !TimeZoneChoices.ALL.contains(me.getZone().getId())
                ? ExportOptions.DEFAULT_ZONE : me.getZone().getId();
        return new OptionsForm(zone == null || zone.isBlank() ? viewerZone : zone,
                clock == null ? (me.isTwelveHourClock() ? "12" : "24") : clock,
                template == null || template.isBlank() ? PostmortemTemplates.REFERENCE : template,
                OptionsForm.ticked(fullHistory));
    }

    @GetMapping("/incidents/{key}/postmortem")
    String preview(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestParam(required = false) String zone, @RequestParam(required = false) String clock,
            @RequestParam(required = false) String template, @RequestParam(required = false) String fullHistory,
            Model model, HttpServletResponse response) {
        var incident = incidents.details(key);
        OptionsForm options = optionsFor(me, zone, clock, template, fullHistory);
        model.addAttribute("incident", incident);
        model.addAttribute("options", options);
        model.addAttribute("templates", templates.choices());
        model.addAttribute("zones", TimeZoneChoices.startingWith(me.getZone() == null ? null : me.getZone().getId()));
        try {
            Export export = downloads.export(me, key, options.zone(), options.clock(), options.template(),
                    fullHistory);
            model.addAttribute("html", downloads.html(export));
        } catch (ExportOptions.InvalidExportOption e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("optionErrorCode", e.messageCode());
            model.addAttribute("optionErrorValue", e.value());
            model.addAttribute("optionErrorParameter", e.parameter());
        }
        return "postmortem/preview";
    }

    @GetMapping("/incidents/{key}/postmortem.md")
    Object markdown(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestParam(required = false) String zone, @RequestParam(required = false) String clock,
            @RequestParam(required = false) String template, @RequestParam(required = false) String fullHistory,
            Model model, HttpServletResponse response) {
        try {
            return downloads.markdownFile(downloads.export(me, key, zone, clock, template, fullHistory));
        } catch (ExportOptions.InvalidExportOption e) {
            return preview(me, key, zone, clock, template, fullHistory, model, response);
        }
    }

    @GetMapping("/incidents/{key}/postmortem.pdf")
    Object pdf(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestParam(required = false) String zone, @RequestParam(required = false) String clock,
            @RequestParam(required = false) String template, @RequestParam(required = false) String fullHistory,
            Model model, HttpServletResponse response) {
        try {
            return downloads.pdfFile(downloads.export(me, key, zone, clock, template, fullHistory));
        } catch (ExportOptions.InvalidExportOption e) {
            return preview(me, key, zone, clock, template, fullHistory, model, response);
        }
    }
}
