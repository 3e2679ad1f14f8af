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
import org.hindsight.system.PageBodies;
import org.hindsight.system.PageLinks;
import org.hindsight.system.Times;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.User;
import org.hindsight.user.UserDirectory;
import org.hindsight.user.UserService;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Everything the ledger page shows: filters and their choices, the summary, the chart, one page of items. The body
 * of the page is rendered once per distinct model and kept ({@link PageBodies}): managers who look at the same view
 * between two changes get it without rendering its rows and choices again.
 */
@Component
class LedgerPage {

    static final int PAGE_SIZE = 50;
    static final String VIEW = "action/ledger";
    /** Everything inside the layout. */
    static final String BODY = "action/ledger-body :: pageBody";

    private final LedgerQueries queries;
    private final LedgerNumbers numbers;
    private final IncidentService incidents;
    private final UserService users;
    private final UserDirectory directory;
    private final Times times;
    private final Clock clock;
    private final PageBodies bodies;
    private final PageLinks links;

    LedgerPage(LedgerQueries queries, LedgerNumbers numbers, IncidentService incidents, UserService users,
            UserDirectory directory, Times times, Clock clock, PageBodies bodies, PageLinks links) {
        this.queries = queries;
        this.numbers = numbers;
        this.incidents = incidents;
        this.users = users;
        this.directory = directory;
        this.times = times;
        this.clock = clock;
        this.bodies = bodies;
        this.links = links;
    }

    /** An option a filter's list lacks (the URL asked for it): its value and how it reads. */
    record Choice(String value, DefaultMessageSourceResolvable label) {
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
        model.addAttribute("pageLinks", links.around(items));
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
        List<String> usernames = users.activeUsernames();
        List<String> services = incidents.serviceNames();
        List<DefaultMessageSourceResolvable> notices = new ArrayList<>();
        model.addAttribute("extraOwner", ownerChoice(filter.owner(), usernames, notices));
        model.addAttribute("extraService", serviceChoice(filter.service(), services, items.isEmpty(), notices));
        model.addAttribute("filterNotices", notices);
        model.addAttribute("usernames", usernames);
        model.addAttribute("services", services);
        model.addAttribute("actionTypes", ActionType.values());
        model.addAttribute("actionStatuses", ActionStatus.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("sorts", LedgerFilter.LedgerSort.values());
        model.addAttribute("unassigned", LedgerFilter.UNASSIGNED);
        if (!model.containsAttribute("bulk")) {
            model.addAttribute("bulk", LedgerForms.Bulk.empty());
        }
        model.addAttribute("ledgerBody", bodies.body(BODY, model));
        return VIEW;
    }

    /**
     * The owner asked for when the list of active accounts lacks it: still the filter (not "Anyone"), named as
     * what it is; an owner no account has is also a notice, so that an empty list is not taken for good news.
     */
    private Choice ownerChoice(String owner, List<String> usernames, List<DefaultMessageSourceResolvable> notices) {
        if (owner == null || usernames.contains(owner)) {
            return null;
        }
        var account = directory.byUsername(owner);
        if (account.isEmpty()) {
            notices.add(message("ledger.owner.unknown", owner));
            return new Choice(owner, message("ledger.owner.unknownChoice", owner));
        }
        // an account made a moment ago may not be among the (briefly kept) active usernames yet
        return new Choice(owner, message(account.map(User::isEnabled).orElse(false) ? "ledger.owner.choice"
                : "ledger.owner.disabledChoice", owner));
    }

    /**
     * The same for a service no incident names (the filter compares names exactly). The names are kept briefly, so
     * a service that lists items is one, even when a name made a moment ago is not among them yet.
     */
    private static Choice serviceChoice(String service, List<String> services, boolean nothingListed,
            List<DefaultMessageSourceResolvable> notices) {
        if (service == null || services.contains(service)) {
            return null;
        }
        if (!nothingListed) {
            return new Choice(service, message("ledger.service.choice", service));
        }
        notices.add(message("ledger.service.unknown", service));
        return new Choice(service, message("ledger.service.unknownChoice", service));
    }

    private static DefaultMessageSourceResolvable message(String code, Object... args) {
        return new DefaultMessageSourceResolvable(new String[] {code}, args);
    }
}
