package org.hindsight.timeline;

import java.time.Instant;
import java.time.LocalDateTime;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.hindsight.incident.IncidentPage;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.SummaryTime;
import org.hindsight.incident.SummaryTimes;
import org.hindsight.system.BadParameterException;
import org.hindsight.system.Busy;
import org.hindsight.system.ChangeForbiddenException;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.DateRange;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.Flash;
import org.hindsight.system.MarkdownRenderer;
import org.hindsight.timeline.TimelineViews.Changes;
import org.hindsight.timeline.TimelineViews.Posted;
import org.hindsight.timeline.TimelineViews.TimelineRow;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The timeline on the incident page. Requests carrying {@code HX-Request: true} (sent by timeline.js) get
 * HTML fragments back, so logging never leaves the page; plain form posts redirect, so it works without script.
 */
@Controller
@RequestMapping("/incidents/{key}")
class TimelineController {

    static final String PARTIAL = "HX-Request";
    static final String REVISION_HEADER = "X-Timeline-Revision";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TimelineController.class);

    private final TimelineService timeline;
    private final IncidentService incidents;
    private final IncidentPage incidentPage;
    private final SummaryTimes summaryTimes;
    private final MarkdownRenderer markdown;
    private final TimelineDisplay display;
    private final EntryReader reader;
    private final DeadEndTimes deadEnds;
    private final RenderedRows rendered;

    TimelineController(TimelineService timeline, IncidentService incidents, IncidentPage incidentPage,
            SummaryTimes summaryTimes, MarkdownRenderer markdown, TimelineDisplay display, EntryReader reader,
            DeadEndTimes deadEnds, RenderedRows rendered) {
        this.deadEnds = deadEnds;
        this.rendered = rendered;
        this.timeline = timeline;
        this.incidents = incidents;
        this.incidentPage = incidentPage;
        this.summaryTimes = summaryTimes;
        this.markdown = markdown;
        this.display = display;
        this.reader = reader;
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @PostMapping("/timeline")
    String post(@CurrentUser HindsightUser me, @PathVariable String key,
            @Valid @ModelAttribute("entry") TimelineForms.Entry entry, BindingResult result,
            @RequestHeader(value = PARTIAL, defaultValue = "false") boolean partial, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        long incidentId = incidents.idOf(key);
        // entry is null when a value could not be bound at all (kind=SOMETIMES): shown again with its message
        EntryReader.ReadEntry read = entry == null ? null
                : reader.read(entry, me.getZone(), incidents.canEdit(me, incidentId), result);
        Posted posted = null;
        boolean busy = false;
        if (read != null && !result.hasErrors()) {
            try {
                posted = timeline.post(me, incidentId, new TimelineService.NewEvent(read.text(),
                        read.time().instant(), read.kind(), read.moments(),
                        Boolean.TRUE.equals(entry.replaceSummaryTimes())));
            } catch (ChangeForbiddenException e) {
                // the form's one key moment (tags on the API); the page offers it only to those who may set it
                result.rejectValue("keyMoment", e.getMessageCode());
            } catch (ChangeRefusedException e) {
                result.rejectValue(e.getField(), e.getMessageCode());
            } catch (PessimisticLockingFailureException | QueryTimeoutException e) {
                // the incident stayed locked elsewhere for longer than a post waits: nothing was logged
                log.warn("Busy: a timeline post to {} was not logged ({})", key, e.getMessage());
                result.reject("timeline.busy");
                busy = true;
            }
        }
        if (posted == null) {
            if (busy) {
                // the entry is shown again as typed, to be sent again: 503 with Retry-After, as the API answers
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(Busy.RETRY_AFTER_SECONDS));
            }
            if (partial) {
                if (!busy) {
                    response.setStatus(422);
                }
                return "fragments/timeline :: entryErrors";
            }
            return incidentPage.populate(model, me, key);
        }
        String understood = reader.understood(new TimeInput.ParsedTime(posted.event().at(), read.time().interpretation()));
        if (partial) {
            response.setStatus(201);
            response.setHeader(REVISION_HEADER, Long.toString(posted.revision()));
            model.addAttribute("incidentKey", key);
            // rendered after the commit: the incident's lock is not held for it
            model.addAttribute("posted", posted);
            model.addAttribute("postedRow",
                    display.row(posted.event().withTextHtml(markdown.toHtml(posted.event().text()))));
            model.addAttribute("understood", understood);
            return "fragments/timeline :: posted";
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("timeline.logged", understood));
        redirect.addFlashAttribute("pending", posted.keyMoments().pending());
        return "redirect:/incidents/" + key + "#event-" + posted.event().id();
    }

    /** How the entry being typed will be logged (timeline.js asks while the responder types): nothing is saved. */
    @PostMapping("/timeline/preview")
    String preview(@CurrentUser HindsightUser me, @PathVariable String key,
            @ModelAttribute("entry") TimelineForms.Entry entry, BindingResult result, Model model) {
        long incidentId = incidents.idOf(key);
        boolean empty = entry == null || entry.text() == null || entry.text().isBlank();
        EntryReader.ReadEntry read = empty ? null
                : reader.read(entry, me.getZone(), incidents.canEdit(me, incidentId), result);
        model.addAttribute("preview", read == null ? null : reader.describe(read));
        model.addAttribute("previewEmpty", empty);
        return "fragments/timeline :: preview";
    }

    /** What changed after the revision a live view shows: 204 when nothing did. */
    @GetMapping("/timeline/changes")
    String changes(@CurrentUser HindsightUser me, @PathVariable String key, @RequestParam long since, Model model,
            HttpServletResponse response) {
        long incidentId = incidents.idOf(key);
        Changes changes = timeline.changesSince(me, incidentId, since);
        response.setHeader(REVISION_HEADER, Long.toString(changes.revision()));
        response.setHeader("Cache-Control", "no-store");
        if (changes.revision() <= since) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return null;
        }
        var incident = incidents.details(incidentId);
        model.addAttribute("incident", incident);
        incidentPage.summaryParts(model, incident);
        model.addAttribute("deadEndSeconds", deadEnds.seconds(incident.id(), incident.revision()));
        model.addAttribute("changes", changes);
        model.addAttribute("changedRows", changes.rows().stream().map(display::row).toList());
        model.addAttribute("incidentKey", key);
        incidentPage.viewerParts(model, me, incident);
        model.addAttribute("statuses", org.hindsight.incident.IncidentStatus.values());
        return "fragments/timeline :: changes";
    }

    /** Events before {@code before}, a window at a time: a fragment for timeline.js, a page without script. */
    @GetMapping("/timeline/earlier")
    String earlier(@CurrentUser HindsightUser me, @PathVariable String key, @RequestParam long before,
            @RequestHeader(value = PARTIAL, defaultValue = "false") boolean partial, Model model) {
        long incidentId = incidents.idOf(key);
        model.addAttribute("incidentKey", key);
        var window = timeline.window(me, incidentId, 0, before, TimelinePageSection.WINDOW);
        model.addAttribute("timeline", window);
        model.addAttribute("rowsHtml", rendered.window(window.rows(), me.getTimelineOrder(), key));
        if (partial) {
            return "fragments/timeline :: earlier";
        }
        model.addAttribute("incident", incidents.details(incidentId));
        return "timeline/earlier";
    }

    @PostMapping("/summary-times")
    String confirmSummaryTime(@CurrentUser HindsightUser me, @PathVariable String key, @RequestParam SummaryTime time,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant current,
            RedirectAttributes redirect) {
        if (!DateRange.contains(at)) {
            // the page proposes times it logged; another one is no summary time (the API's rule, 1970 to 9999)
            throw new BadParameterException("at");
        }
        try {
            var outcome = summaryTimes.confirmSummaryTime(me, key, time, at, current);
            redirect.addFlashAttribute(Flash.ATTRIBUTE, outcome.applied().isEmpty()
                    ? Flash.error("timeline.summaryTime.refused") : Flash.success("timeline.summaryTime.applied"));
        } catch (EditConflictException e) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("timeline.summaryTime.changedMeanwhile"));
        }
        return "redirect:/incidents/" + key;
    }

    @GetMapping("/timeline/{eventId}/edit")
    String edit(@CurrentUser HindsightUser me, @PathVariable String key, @PathVariable long eventId, Model model) {
        long incidentId = incidents.idOf(key);
        TimelineRow event = timeline.event(me, incidentId, eventId);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new TimelineForms.Edit(event.text(),
                    LocalDateTime.ofInstant(event.at(), me.getZone()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    event.kind(), event.keyMoments(),
                    event.version()));
        }
        return editPage(me, key, incidentId, event, model);
    }

    @PostMapping("/timeline/{eventId}")
    String update(@CurrentUser HindsightUser me, @PathVariable String key, @PathVariable long eventId,
            @Valid @ModelAttribute("form") TimelineForms.Edit form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        long incidentId = incidents.idOf(key);
        if (!result.hasErrors()) {
            try {
                var outcome = timeline.edit(me, incidentId, eventId, new TimelineService.EventChange(form.text(),
                        form.at().atZone(me.getZone()).toInstant(), form.kind(), form.keyMoments(), form.version()));
                redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("timeline.editSaved"));
                redirect.addFlashAttribute("pending", outcome.pending());
                return "redirect:/incidents/" + key + "#event-" + eventId;
            } catch (ChangeForbiddenException e) {
                result.rejectValue(e.getField(), e.getMessageCode());
            } catch (ChangeRefusedException e) {
                result.rejectValue(e.getField(), e.getMessageCode());
            } catch (EditConflictException | OptimisticLockingFailureException e) {
                TimelineRow current = timeline.event(me, incidentId, eventId);
                model.addAttribute("conflict", current);
                model.addAttribute("form", new TimelineForms.Edit(form.text(), form.at(), form.kind(),
                        form.keyMoments(), current.version()));
            }
        }
        return editPage(me, key, incidentId, timeline.event(me, incidentId, eventId), model);
    }

    @PostMapping("/timeline/{eventId}/delete")
    String delete(@CurrentUser HindsightUser me, @PathVariable String key, @PathVariable long eventId,
            RedirectAttributes redirect) {
        return setDeleted(me, key, eventId, true, "timeline.deleted", redirect);
    }

    @PostMapping("/timeline/{eventId}/restore")
    String restore(@CurrentUser HindsightUser me, @PathVariable String key, @PathVariable long eventId,
            RedirectAttributes redirect) {
        return setDeleted(me, key, eventId, false, "timeline.restored", redirect);
    }

    private String setDeleted(HindsightUser me, String key, long eventId, boolean deleted, String done,
            RedirectAttributes redirect) {
        try {
            timeline.setDeleted(me, incidents.idOf(key), eventId, deleted);
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(done));
        } catch (ChangeForbiddenException e) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(e.getMessageCode()));
        }
        return "redirect:/incidents/" + key + "#event-" + eventId;
    }

    private String editPage(HindsightUser me, String key, long incidentId, TimelineRow event, Model model) {
        if (!event.mayEdit()) {
            throw new org.springframework.security.access.AccessDeniedException("Not allowed to edit this event");
        }
        model.addAttribute("incident", incidents.details(incidentId));
        model.addAttribute("event", event);
        model.addAttribute("history", timeline.history(incidentId, event.id()));
        model.addAttribute("eventKinds", EventKind.values());
        model.addAttribute("keyMoments", KeyMoment.values());
        // key moments set summary times: offered to those who may change the incident, shown to the others
        model.addAttribute("mayChangeKeyMoments", incidents.canEdit(me, incidentId));
        return "timeline/edit";
    }
}
