package org.hindsight.action;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
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

    private static final List<String> ROW_FIELDS = List.of("severity", "corrective", "preventive", "detective",
            "process", "version");

    /**
     * One severity's row of the form. A JavaBean bound by its setters (not a record): a record's list is built by
     * constructor binding from whatever indexes the request names, and {@code rows[x]} or {@code rows[300]} would
     * fail inside Spring; setters are reached only through the fields {@link #onlyThePagesRows} allows.
     */
    static final class Row {

        @NotNull
        private Severity severity;
        @NotNull @Min(1) @Max(365)
        private Integer corrective;
        @NotNull @Min(1) @Max(365)
        private Integer preventive;
        @NotNull @Min(1) @Max(365)
        private Integer detective;
        @NotNull @Min(1) @Max(365)
        private Integer process;
        @NotNull
        private Long version;

        public Row() {
        }

        static Row of(DueDatePolicies.Days d) {
            Row row = new Row();
            row.severity = d.severity();
            row.corrective = d.corrective();
            row.preventive = d.preventive();
            row.detective = d.detective();
            row.process = d.process();
            row.version = d.version();
            return row;
        }

        DueDatePolicies.Days days() {
            return new DueDatePolicies.Days(severity, corrective, preventive, detective, process, version);
        }

        public Severity getSeverity() {
            return severity;
        }

        public void setSeverity(Severity severity) {
            this.severity = severity;
        }

        public Integer getCorrective() {
            return corrective;
        }

        public void setCorrective(Integer corrective) {
            this.corrective = corrective;
        }

        public Integer getPreventive() {
            return preventive;
        }

        public void setPreventive(Integer preventive) {
            this.preventive = preventive;
        }

        public Integer getDetective() {
            return detective;
        }

        public void setDetective(Integer detective) {
            this.detective = detective;
        }

        public Integer getProcess() {
            return process;
        }

        public void setProcess(Integer process) {
            this.process = process;
        }

        public Long getVersion() {
            return version;
        }

        public void setVersion(Long version) {
            this.version = version;
        }
    }

    /** Every severity's row, in the order the page shows them. */
    static final class Form {

        @Valid
        private List<Row> rows = new ArrayList<>();

        public Form() {
        }

        Form(List<Row> rows) {
            this.rows = new ArrayList<>(rows);
        }

        public List<Row> getRows() {
            return rows;
        }

        public void setRows(List<Row> rows) {
            this.rows = rows;
        }
    }

    /**
     * The form binds exactly the fields of the page's rows, {@code rows[0].severity} to {@code rows[3].version}.
     * Any other row ({@code rows[300]}, {@code rows[-1]}, {@code rows[x]}) never reaches the form: Spring records it
     * as suppressed, and {@link #save} refuses the request naming it.
     */
    @InitBinder("form")
    void onlyThePagesRows(WebDataBinder binder) {
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < Severity.values().length; i++) {
            for (String field : ROW_FIELDS) {
                allowed.add("rows[" + i + "]." + field);
            }
        }
        binder.setAllowedFields(allowed.toArray(String[]::new));
    }

    @GetMapping("/admin/due-dates")
    String show(Model model) {
        model.addAttribute("form", new Form(policies.all().stream().map(Row::of).toList()));
        model.addAttribute("actionTypes", ActionType.values());
        return PAGE;
    }

    @PostMapping("/admin/due-dates")
    String save(@Valid @ModelAttribute("form") Form form, BindingResult result, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        model.addAttribute("actionTypes", ActionType.values());
        List<String> unknown = Arrays.stream(result.getSuppressedFields()).filter(f -> f.startsWith("rows")).sorted()
                .toList();
        if (!unknown.isEmpty()) {
            // the page has no such row: say which, change nothing
            result.reject("policy.rows.unknown", new Object[] {String.join(", ", unknown)}, null);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } else if (form.getRows().isEmpty()) {
            result.reject("policy.rows.required");
        } else if (!eachSeverityOnce(form.getRows())) {
            result.reject("policy.rows.required");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        if (result.hasErrors()) {
            return PAGE;
        }
        try {
            policies.save(form.getRows().stream().map(Row::days).toList());
        } catch (EditConflictException | OptimisticLockingFailureException e) {
            model.addAttribute("conflict", policies.all());
            java.util.Map<Severity, Long> versions = policies.all().stream().collect(
                    java.util.stream.Collectors.toMap(DueDatePolicies.Days::severity, DueDatePolicies.Days::version));
            // the admin's numbers stay in the form, with today's versions: saving again applies them knowingly
            form.getRows().forEach(r -> r.setVersion(versions.getOrDefault(r.getSeverity(), 0L)));
            return PAGE;
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("policy.saved"));
        return "redirect:/admin/due-dates";
    }

    /** Four rows, no severity twice (a missing severity is its row's own field error). */
    private static boolean eachSeverityOnce(List<Row> rows) {
        EnumSet<Severity> seen = EnumSet.noneOf(Severity.class);
        return rows.size() == Severity.values().length
                && rows.stream().map(Row::getSeverity).filter(Objects::nonNull).allMatch(seen::add);
    }
}
