package org.hindsight.incident;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import org.hindsight.incident.IncidentCommands.IncidentChanges;
import org.hindsight.incident.IncidentViews.IncidentDetails;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.Flash;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.UserService;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The incident list, declaring an incident, its page, editing it, moving its status. */
@Controller
class IncidentController {

    private final IncidentService incidents;
    private final IncidentListPage listPage;
    private final IncidentPage incidentPage;
    private final UserService users;

    IncidentController(IncidentService incidents, IncidentListPage listPage, IncidentPage incidentPage,
            UserService users) {
        this.incidents = incidents;
        this.listPage = listPage;
        this.incidentPage = incidentPage;
        this.users = users;
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id");
        binder.registerCustomEditor(java.math.BigDecimal.class, new IncidentForms.PercentEditor());
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("severities", Severity.values());
        model.addAttribute("statuses", IncidentStatus.values());
        model.addAttribute("postmortemStates", PostmortemState.values());
    }

    @GetMapping("/incidents")
    String list(@CurrentUser HindsightUser me, @ModelAttribute("filter") IncidentFilter filter,
            @RequestParam(defaultValue = "0") int page, Model model) {
        return listPage.populate(model, me, filter, page);
    }

    @GetMapping("/incidents/new")
    String newIncident(Model model) {
        model.addAttribute("form", IncidentForms.NewIncident.empty());
        formChoices(model);
        return "incident/new";
    }

    @PostMapping("/incidents")
    String create(@CurrentUser HindsightUser me, @Valid @ModelAttribute("form") IncidentForms.NewIncident form,
            BindingResult result, Model model, RedirectAttributes redirect) {
        formChoices(model);
        if (result.hasErrors()) {
            return "incident/new";
        }
        try {
            String key = incidents.create(me, new IncidentCommands.NewIncident(form.title(), form.severity(), null,
                    toInstant(form.startedAt(), me.getZone()), null, form.impact(), form.usersAffectedPercent(),
                    splitList(form.services()), form.commander(), splitList(form.responders())));
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("incident.created", key));
            return "redirect:/incidents/" + key;
        } catch (ChangeRefusedException e) {
            result.rejectValue(e.getField(), e.getMessageCode(), e.getArgs(), null);
            return "incident/new";
        }
    }

    /** What the incident forms suggest: the known services, and the active accounts for commander and responders. */
    private void formChoices(Model model) {
        model.addAttribute("services", incidents.serviceNames());
        model.addAttribute("accounts", users.activeAccounts());
    }

    @GetMapping("/incidents/{key}")
    String show(@CurrentUser HindsightUser me, @PathVariable String key, Model model) {
        return incidentPage.populate(model, me, key);
    }

    @GetMapping("/incidents/{key}/edit")
    String edit(@CurrentUser HindsightUser me, @PathVariable String key, Model model) {
        IncidentDetails incident = incidents.details(key);
        incidents.requireEdit(me, incident.id());
        model.addAttribute("incident", incident);
        model.addAttribute("form", formOf(incident, me.getZone()));
        formChoices(model);
        return "incident/edit";
    }

    @PostMapping("/incidents/{key}")
    String update(@CurrentUser HindsightUser me, @PathVariable String key,
            @Valid @ModelAttribute("form") IncidentForms.EditIncident form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        IncidentDetails incident = incidents.details(key);
        incidents.requireEdit(me, incident.id());
        model.addAttribute("incident", incident);
        formChoices(model);
        if (result.hasErrors()) {
            return "incident/edit";
        }
        try {
            incidents.update(me, key, changesOf(form, me.getZone()));
        } catch (ChangeRefusedException e) {
            result.rejectValue(e.getField(), e.getMessageCode(), e.getArgs(), null);
            return "incident/edit";
        } catch (EditConflictException | OptimisticLockingFailureException e) {
            // keep the editor's text; show what the other person saved; saving again applies theirs knowingly
            IncidentDetails current = incidents.details(key);
            model.addAttribute("conflict", current);
            model.addAttribute("conflictForm", formOf(current, me.getZone()));
            model.addAttribute("form", withVersion(form, current.version()));
            return "incident/edit";
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("incident.saved", key));
        return "redirect:/incidents/" + key;
    }

    @PostMapping("/incidents/{key}/status")
    String changeStatus(@CurrentUser HindsightUser me, @PathVariable String key,
            @Valid @ModelAttribute("statusChange") IncidentForms.StatusChange change, BindingResult result,
            RedirectAttributes redirect) {
        if (result.hasErrors()) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("incident.status.invalid"));
        } else {
            IncidentStatus from = incidents.changeStatus(me, key, change.status());
            redirect.addFlashAttribute(Flash.ATTRIBUTE, from == change.status()
                    ? Flash.success("incident.status.unchanged", Flash.message("status." + from.name()))
                    : Flash.success("incident.status.changed", Flash.message("status." + from.name()),
                            Flash.message("status." + change.status().name())));
        }
        return "redirect:/incidents/" + key;
    }

    /** The signed-in responder joins the incident's responders (recorded on its timeline). */
    @PostMapping("/incidents/{key}/join")
    String join(@CurrentUser HindsightUser me, @PathVariable String key, RedirectAttributes redirect) {
        boolean joined = incidents.join(me, key);
        redirect.addFlashAttribute(Flash.ATTRIBUTE,
                Flash.success(joined ? "incident.joined" : "incident.alreadyJoined", key));
        return "redirect:/incidents/" + key;
    }

    /** The signed-in responder leaves the incident's responders (recorded on its timeline). */
    @PostMapping("/incidents/{key}/leave")
    String leave(@CurrentUser HindsightUser me, @PathVariable String key, RedirectAttributes redirect) {
        boolean left = incidents.leave(me, key);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(left ? "incident.left" : "incident.notJoined", key));
        return "redirect:/incidents/" + key;
    }

    // ---- form ↔ command

    static IncidentForms.EditIncident formOf(IncidentDetails i, ZoneId zone) {
        return IncidentForms.EditIncident.of(i, zone);
    }

    private static IncidentChanges changesOf(IncidentForms.EditIncident f, ZoneId zone) {
        Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
        times.put(SummaryTime.STARTED, toInstant(f.getStartedAt(), zone));
        times.put(SummaryTime.DETECTED, toInstant(f.getDetectedAt(), zone));
        times.put(SummaryTime.RESPONDED, toInstant(f.getRespondedAt(), zone));
        times.put(SummaryTime.IDENTIFIED, toInstant(f.getIdentifiedAt(), zone));
        times.put(SummaryTime.MITIGATED, toInstant(f.getMitigatedAt(), zone));
        times.put(SummaryTime.RESOLVED, toInstant(f.getResolvedAt(), zone));
        return IncidentChanges.replacing(f.getVersion()).title(f.getTitle()).severity(f.getSeverity()).status(f.getStatus())
                .times(times).impact(f.getImpact()).usersAffectedPercent(f.getUsersAffectedPercent())
                .services(splitList(f.getServices())).commander(f.getCommander()).responders(splitList(f.getResponders()))
                .rootCauseSummary(f.getRootCauseSummary()).rootCause(f.getRootCause()).resolution(f.getResolution())
                .contributingFactors(f.getContributingFactors()).lessons(f.getLessons()).notes(f.getNotes()).build();
    }

    private static IncidentForms.EditIncident withVersion(IncidentForms.EditIncident f, long version) {
        f.setVersion(version);
        return f;
    }

    static List<String> splitList(String text) {
        return text == null ? List.of()
                : Arrays.stream(text.split("[,\\n]")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }


    private static Instant toInstant(LocalDateTime local, ZoneId zone) {
        return local == null ? null : local.atZone(zone).toInstant();
    }
}
