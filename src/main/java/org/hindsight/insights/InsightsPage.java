package org.hindsight.insights;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.insights.Insights.Report;
import org.hindsight.system.ApiValidationException.FieldProblem;
import org.hindsight.system.Times;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** Everything {@code /insights} shows: the filters and their choices, the figures, the charts, the lists. */
@Component
class InsightsPage {

    /** Incidents of a recurring service the page names; the rest are a link to the incident list away. */
    static final int RECURRING_SHOWN = 10;

    private final Insights insights;
    private final IncidentService incidents;
    private final Times times;
    private final Clock clock;

    InsightsPage(Insights insights, IncidentService incidents, Times times, Clock clock) {
        this.insights = insights;
        this.incidents = incidents;
        this.times = times;
        this.clock = clock;
    }

    /** The viewer's zone and today in it. */
    record Today(ZoneId zone, LocalDate date) {
    }

    Today today() {
        ZoneId zone = times.zone();
        return new Today(zone, LocalDate.ofInstant(clock.instant(), zone));
    }

    /** The filter the parameters ask for; a bad value adds a problem naming it and keeps its default. */
    InsightsFilter filter(InsightsFilter.Params params, Today today, List<FieldProblem> problems) {
        return InsightsFilter.parse(params, today.date(), problems);
    }

    Report report(InsightsFilter filter, Today today) {
        return insights.report(filter, today.zone(), today.date());
    }

    String populate(Model model, InsightsFilter.Params params) {
        List<FieldProblem> problems = new ArrayList<>();
        Today today = today();
        Report report = report(filter(params, today, problems), today);
        model.addAttribute("report", report);
        model.addAttribute("filter", report.filter());
        model.addAttribute("filterProblems", problems);
        model.addAttribute("zone", report.zone());
        String query = report.filter().query();
        model.addAttribute("csvLink", "/insights.csv?" + query);
        model.addAttribute("apiLink", "/api/insights?" + query);
        model.addAttribute("timesChart", InsightsCharts.times(report.months()));
        model.addAttribute("severityChart", InsightsCharts.severities(report.months()));
        model.addAttribute("completionChart", InsightsCharts.completion(report.months()));
        model.addAttribute("recurringShown", RECURRING_SHOWN);
        model.addAttribute("severities", Severity.values());
        model.addAttribute("services", incidents.serviceNames());
        model.addAttribute("groupings", InsightsFilter.GroupBy.values());
        model.addAttribute("noService", Insights.NO_SERVICE);
        return "insights/insights";
    }
}
