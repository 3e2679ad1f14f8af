package org.hindsight.action;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hindsight.incident.Severity;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.Flash;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admin → Due dates: the days from creation to an action item's default due date, by severity and type. */
@Controller
class DueDatePolicyController {

    private static final String PAGE = "admin/due-dates";

    private final DueDatePolicies policies;

    DueDatePolicyController(DueDatePolicies policies) {
        this.policies = policies;
    }

    /** One severity's row of the form. */
    record Row(@NotNull Severity severity, @NotNull @Min(1) @Max(365) Integer corrective,
            @NotNull @Min(1) @Max(365) Integer preventive, @NotNull @Min(1) @Max(365) Integer detective,
            @NotNull @Min(1) @Max(365) Integer process, long version) {

        static Row of(DueDatePolicies.Days d) {
            return new Row(d.severity(), d.corrective(), d.preventive(), d.detective(), d.process(), d.version());
        }

        DueDatePolicies.Days days() {
            return new DueDatePolicies.Days(severity, corrective, preventive, detective, process, version);
        }
    }

    record Form(@NotNull @Valid List<Row> rows) {
    }

    @GetMapping("/admin/due-dates")
    String show(Model model) {
        model.addAttribute("form", new Form(policies.all().stream().map(Row::of).toList()));
        model.addAttribute("actionTypes", ActionType.values());
        return PAGE;
    }

    @PostMapping("/admin/due-dates")
    String save(@Valid @ModelAttribute("form") Form form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        model.addAttribute("actionTypes", ActionType.values());
        if (form.rows() == null || form.rows().size() != Severity.values().length) {
            result.reject("policy.rows.required");
        }
        if (result.hasErrors()) {
            return PAGE;
        }
        try {
            policies.save(form.rows().stream().map(Row::days).toList());
        } catch (EditConflictException | OptimisticLockingFailureException e) {
            model.addAttribute("conflict", policies.all());
            java.util.Map<Severity, Long> versions = policies.all().stream().collect(
                    java.util.stream.Collectors.toMap(DueDatePolicies.Days::severity, DueDatePolicies.Days::version));
            // the admin's numbers stay in the form, with today's versions: saving again applies them knowingly
            model.addAttribute("form", new Form(form.rows().stream().map(r -> new Row(r.severity(), r.corrective(),
                    r.preventive(), r.detective(), r.process(), versions.getOrDefault(r.severity(), 0L))).toList()));
            return PAGE;
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("policy.saved"));
        return "redirect:/admin/due-dates";
    }
}
