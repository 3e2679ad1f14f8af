package org.hindsight.action;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.system.ApiValidationException.FieldProblem;
import org.hindsight.system.Times;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.UserService;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** Everything the ledger page shows: filters and their choices, the summary, the chart, one page of items. */
@Component
class LedgerPage {

    static final int PAGE_SIZE = 50;

    private final LedgerQueries queries;
    private final LedgerNumbers numbers;
    private final IncidentService incidents;
    private final UserService users;
    private final Times times;
    private final Clock clock;

    LedgerPage(LedgerQueries queries, LedgerNumbers numbers, IncidentService incidents, UserService users,
            Times times, Clock clock) {
        this.queries = queries;
        this.numbers = numbers;
        this.incidents = incidents;
        this.users = users;
        this.times = times;
        this.clock = clock;
    }

    /** The viewer's zone and today in it. */
    record Today(ZoneId zone, Instant now, LocalDate date) {
    }

    Today today() {
        ZoneId zone = times.zone();
        Instant now = clock.instant();
        return new Today(zone, now, LocalDate.ofInstant(now, zone));
    }

    String populate(Model model, HindsightUser me, LedgerFilter.Params params, int page, Set<Long> selectedIds) {
        List<FieldProblem> problems = new ArrayList<>();
        LedgerFilter filter = LedgerFilter.parse(params, problems);
        Today today = today();
        model.addAttribute("filter", filter);
        model.addAttribute("filterProblems", problems);
        var items = queries.page(filter, today.date(), today.zone(), page, PAGE_SIZE);
        model.addAttribute("items", items);
        String query = filter.query();
        model.addAttribute("csvLink", "/actions.csv" + (query.isEmpty() ? "" : "?" + query));
        model.addAttribute("bulkAction", "/actions?" + (query.isEmpty() ? "" : query + "&") + "page=" + items.getNumber());
        model.addAttribute("today", today.date());
        model.addAttribute("zone", today.zone());
        LedgerNumbers.Numbers figures = numbers.numbers(filter, today.now(), today.zone());
        model.addAttribute("summary", figures.summary());
        model.addAttribute("chart", BacklogChart.of(figures.weeks()));
        model.addAttribute("canBulk", BulkActions.mayUse(me));
        model.addAttribute("selectedIds", selectedIds);
        model.addAttribute("usernames", users.activeUsernames());
        model.addAttribute("services", incidents.serviceNames());
        model.addAttribute("actionTypes", ActionType.values());
        model.addAttribute("actionStatuses", ActionStatus.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("sorts", LedgerFilter.LedgerSort.values());
        model.addAttribute("unassigned", LedgerFilter.UNASSIGNED);
        if (!model.containsAttribute("bulk")) {
            model.addAttribute("bulk", LedgerForms.Bulk.empty());
        }
        return "action/ledger";
    }
}
