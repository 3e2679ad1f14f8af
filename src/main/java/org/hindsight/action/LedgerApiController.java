package org.hindsight.action;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.hindsight.incident.Severity;
import org.hindsight.system.ApiValidationException;
import org.hindsight.system.ApiValidationException.FieldProblem;
import org.springframework.data.domain.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/actions}: the ledger for scripts, with the page's filters; bad parameters answer 400 naming them. */
@RestController
class LedgerApiController {

    static final int MAX_PAGE_SIZE = 100;

    private final LedgerQueries queries;
    private final LedgerPage ledger;

    LedgerApiController(LedgerQueries queries, LedgerPage ledger) {
        this.queries = queries;
        this.ledger = ledger;
    }

    /** An item of the list. */
    record LedgerItemJson(long id, String incidentKey, String incidentTitle, Severity severity, String title,
            ActionType type, ActionCategory category, String owner, LocalDate dueDate, ActionPriority priority,
            ActionStatus status, boolean overdue, Instant createdAt, Instant completedAt, long version) {
    }

    record LedgerPageJson(List<LedgerItemJson> items, int page, int size, long total) {
    }

    @GetMapping("/api/actions")
    LedgerPageJson list(@RequestParam(required = false) String owner, @RequestParam(required = false) String status,
            @RequestParam(required = false) String type, @RequestParam(required = false) String severity,
            @RequestParam(required = false) String service, @RequestParam(required = false) String overdue,
            @RequestParam(required = false) String dueWithinDays, @RequestParam(required = false) String createdFrom,
            @RequestParam(required = false) String createdTo, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String page, @RequestParam(required = false) String size) {
        List<FieldProblem> problems = new ArrayList<>();
        LedgerFilter filter = LedgerFilter.parse(new LedgerFilter.Params(owner, status, type, severity, service,
                overdue, dueWithinDays, createdFrom, createdTo, sort), problems);
        if (overdue != null && !overdue.isBlank() && !overdue.equalsIgnoreCase("true")
                && !overdue.equalsIgnoreCase("false")) {
            problems.add(new FieldProblem("overdue", "true or false."));
        }
        int pageNumber = number("page", page, 0, 0, Integer.MAX_VALUE, problems);
        int pageSize = number("size", size, 25, 1, MAX_PAGE_SIZE, problems);
        if (!problems.isEmpty()) {
            throw new ApiValidationException(problems);
        }
        LedgerPage.Today today = ledger.today();
        Page<LedgerRow> found = queries.page(filter, today.date(), today.zone(), pageNumber, pageSize);
        return new LedgerPageJson(found.getContent().stream()
                .map(r -> new LedgerItemJson(r.id(), r.incidentKey(), r.incidentTitle(), r.severity(), r.title(),
                        r.type(), r.category(), r.owner(), r.dueDate(), r.priority(), r.status(), r.overdue(today.date()),
                        r.createdAt(), r.completedAt(), r.version()))
                .toList(), found.getNumber(), found.getSize(), found.getTotalElements());
    }

    private static int number(String field, String value, int fallback, int min, int max, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new FieldProblem(field, "A whole number from " + min + " to " + max + "."));
        return fallback;
    }
}
