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
 * The postmortem page of an incident (the export rendered, with its options) and its downloads. A bad
 * option re-renders the page with a message and the choices kept (400), never an error page.
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

    /** The options as the form sent them, so that the page shows them again. */
    record OptionsForm(String zone, String clock, String template) {

        static OptionsForm of(String zone, String clock, String template) {
            return new OptionsForm(zone == null || zone.isBlank() ? ExportOptions.DEFAULT_ZONE : zone,
                    clock == null ? "" : clock,
                    template == null || template.isBlank() ? PostmortemTemplates.REFERENCE : template);
        }
    }

    @GetMapping("/incidents/{key}/postmortem")
    String preview(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestParam(required = false) String zone, @RequestParam(required = false) String clock,
            @RequestParam(required = false) String template, Model model, HttpServletResponse response) {
        var incident = incidents.details(key);
        model.addAttribute("incident", incident);
        model.addAttribute("options", OptionsForm.of(zone, clock, template));
        model.addAttribute("templates", templates.choices());
        model.addAttribute("zones", TimeZoneChoices.ALL);
        try {
            Export export = downloads.export(me, key, zone, clock, template);
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
            @RequestParam(required = false) String template, Model model, HttpServletResponse response) {
        try {
            return downloads.markdownFile(downloads.export(me, key, zone, clock, template));
        } catch (ExportOptions.InvalidExportOption e) {
            return preview(me, key, zone, clock, template, model, response);
        }
    }

    @GetMapping("/incidents/{key}/postmortem.pdf")
    Object pdf(@CurrentUser HindsightUser me, @PathVariable String key,
            @RequestParam(required = false) String zone, @RequestParam(required = false) String clock,
            @RequestParam(required = false) String template, Model model, HttpServletResponse response) {
        try {
            return downloads.pdfFile(downloads.export(me, key, zone, clock, template));
        } catch (ExportOptions.InvalidExportOption e) {
            return preview(me, key, zone, clock, template, model, response);
        }
    }
}
