package org.hindsight.action;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.hindsight.system.ApiValidationException.FieldProblem;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.Flash;
import org.hindsight.user.CurrentUser;
import org.hindsight.user.HindsightUser;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The action-item ledger across incidents, its bulk changes and CSV export; the signed-in user's own items. */
@Controller
class LedgerController {

    private final LedgerPage ledger;
    private final LedgerCsv csv;
    private final BulkActions bulkActions;
    private final ActionItemService actions;

    LedgerController(LedgerPage ledger, LedgerCsv csv, BulkActions bulkActions, ActionItemService actions) {
        this.ledger = ledger;
        this.csv = csv;
        this.bulkActions = bulkActions;
        this.actions = actions;
    }

    @InitBinder
    void initBinder(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @GetMapping("/actions")
    String ledger(@CurrentUser HindsightUser me, @ModelAttribute("params") LedgerFilter.Params params,
            @RequestParam(defaultValue = "0") int page, Model model) {
        return ledger.populate(model, me, params, page, Set.of());
    }

    /** A bulk change to the ticked items; the form posts to the ledger's own URL, so its filters come along. */
    @PostMapping("/actions")
    String bulk(@CurrentUser HindsightUser me, @ModelAttribute("params") LedgerFilter.Params params,
            @RequestParam(defaultValue = "0") int page, @Valid @ModelAttribute("bulk") LedgerForms.Bulk bulk,
            BindingResult result, Model model, RedirectAttributes redirect, HttpServletRequest request) {
        if (!BulkActions.mayUse(me)) {
            throw new org.springframework.security.access.AccessDeniedException("Only managers change items in bulk");
        }
        if (bulk == null) {
            // a value could not be bound at all (newDueDate=99999-01-01): the page again, with the items still ticked
            return ledger.populate(model, me, params, page,
                    LedgerForms.Bulk.selectedIds(request.getParameterValues("selected")));
        }
        if (bulk.items().isEmpty()) {
            result.rejectValue("selected", "ledger.bulk.noneSelected");
        }
        if (bulk.operation() == null) {
            result.reject("ledger.bulk.operation.required");
        }
        if (!result.hasErrors()) {
            try {
                BulkActions.Outcome outcome = bulkActions.apply(me, bulk.items(), bulk.change());
                redirect.addFlashAttribute(Flash.ATTRIBUTE, outcome.conflicts().isEmpty()
                        ? Flash.success("ledger.bulk.changed", outcome.changed())
                        : Flash.error("ledger.bulk.conflicts", outcome.changed(), outcome.conflicts().size(),
                                String.join(", ", outcome.conflicts())));
                String query = request.getQueryString();
                return "redirect:/actions" + (query == null || query.isEmpty() ? "" : "?" + query);
            } catch (ChangeRefusedException e) {
                result.rejectValue(e.getField(), e.getMessageCode());
            }
        }
        return ledger.populate(model, me, params, page, bulk.selectedIds());
    }

    @GetMapping("/actions/mine")
    String mine(@CurrentUser HindsightUser me, Model model) {
        model.addAttribute("items", actions.openOwnedBy(me));
        model.addAttribute("today", ledger.today().date());
        return "action/mine";
    }

    /** The current view as CSV, every matching row (not only one page), streamed. */
    @GetMapping("/actions.csv")
    void export(@ModelAttribute("params") LedgerFilter.Params params, HttpServletResponse response)
            throws IOException {
        List<FieldProblem> problems = new ArrayList<>();
        LedgerFilter filter = LedgerFilter.parse(params, problems);
        if (!problems.isEmpty()) {
            response.setStatus(400);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(problems.stream().map(p -> p.field() + ": " + p.message())
                    .collect(Collectors.joining("\n")) + "\n");
            return;
        }
        LedgerPage.Today today = ledger.today();
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"action-items-" + today.date() + ".csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        csv.write(filter, today.date(), today.zone(), out);
        out.flush();
    }
}
