package org.hindsight.insights;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hindsight.insights.Insights.Group;
import org.hindsight.insights.Insights.Report;
import org.hindsight.system.ApiValidationException;
import org.hindsight.system.ApiValidationException.FieldProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/insights}: the page's figures for scripts, with its filters, every figure's formula in {@code
 * formulas}; a bad parameter answers 400 naming it.
 */
@RestController
class InsightsApiController {

    private final InsightsPage page;

    InsightsApiController(InsightsPage page) {
        this.page = page;
    }

    record ActionItemsJson(long opened, long done, long doneByDueDate, Integer doneByDueDatePercent, long overdue) {
        static ActionItemsJson of(ItemCounts c) {
            return new ActionItemsJson(c.opened(), c.done(), c.doneByDueDate(), c.doneByDueDatePercent(), c.overdue());
        }
    }

    record GroupJson(String key, long incidents, Stat timeToDetect, Stat timeToRespond, Stat timeToMitigate,
            Stat timeToResolve, Stat deadEndSeconds, ActionItemsJson actionItems) {
    }

    record ExcludedJson(String key, String title, Instant startedAt, String reason) {
    }

    record IncidentJson(String key, String title, Instant startedAt) {
    }

    record RecurrenceJson(String service, int incidentCount, List<IncidentJson> incidents, long actionItemsOpened,
            long actionItemsDone, Integer donePercent) {
    }

    record InsightsJson(LocalDate from, LocalDate to, String zone, String groupBy, Map<String, String> formulas,
            long incidents, List<GroupJson> groups, List<ExcludedJson> excluded, List<RecurrenceJson> recurrence) {
    }

    @GetMapping("/api/insights")
    InsightsJson insights(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String severity, @RequestParam(required = false) String service,
            @RequestParam(required = false) String groupBy) {
        List<FieldProblem> problems = new ArrayList<>();
        InsightsPage.Today today = page.today();
        InsightsFilter filter = page.filter(new InsightsFilter.Params(from, to, severity, service, groupBy), today,
                problems);
        if (!problems.isEmpty()) {
            throw new ApiValidationException(problems);
        }
        Report report = page.report(filter, today);
        return new InsightsJson(filter.from(), filter.to(), report.zone().getId(), filter.groupBy().id(),
                Formulas.ALL, report.incidents(), report.groups().stream().map(InsightsApiController::group).toList(),
                report.excluded().stream().map(e -> new ExcludedJson(e.key(), e.title(), e.startedAt(), e.reason()))
                        .toList(),
                report.recurrence().stream().map(r -> new RecurrenceJson(r.service(), r.incidents().size(),
                        r.incidents().stream().map(i -> new IncidentJson(i.key(), i.title(), i.startedAt())).toList(),
                        r.actionItems().opened(), r.actionItems().done(), r.actionItems().completionPercent()))
                        .toList());
    }

    private static GroupJson group(Group g) {
        return new GroupJson(g.key(), g.incidents(), g.timeToDetect(), g.timeToRespond(), g.timeToMitigate(),
                g.timeToResolve(), g.deadEndSeconds(), ActionItemsJson.of(g.actionItems()));
    }
}
