package org.hindsight.insights;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import org.hindsight.insights.Insights.Report;
import org.hindsight.system.ApiValidationException.FieldProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The insights page and its CSV, with the same filters. */
@Controller
class InsightsController {

    private final InsightsPage page;

    InsightsController(InsightsPage page) {
        this.page = page;
    }

    @GetMapping("/insights")
    String insights(@ModelAttribute("params") InsightsFilter.Params params, Model model) {
        return page.populate(model, params);
    }

    /** One row per group, as the page's table; a bad filter value is answered 400 naming it, as the ledger's CSV. */
    @GetMapping("/insights.csv")
    void csv(@ModelAttribute("params") InsightsFilter.Params params, HttpServletResponse response) throws IOException {
        List<FieldProblem> problems = new ArrayList<>();
        InsightsPage.Today today = page.today();
        InsightsFilter filter = page.filter(params, today, problems);
        if (!problems.isEmpty()) {
            response.setStatus(400);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(problems.stream().map(p -> p.field() + ": " + p.message())
                    .collect(Collectors.joining("\n")) + "\n");
            return;
        }
        Report report = page.report(filter, today);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"insights-"
                + report.filter().from() + "-to-" + report.filter().to() + ".csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        InsightsCsv.write(report, out);
        out.flush();
    }
}
