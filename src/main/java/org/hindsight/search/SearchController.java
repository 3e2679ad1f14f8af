package org.hindsight.search;

import java.util.ArrayList;
import java.util.List;

import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.system.ApiValidationException.FieldProblem;
import org.hindsight.system.Times;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The search page ({@code /search?q=&severity=&service=&from=&to=&page=}): a filter value that makes no sense is
 * quoted and ignored, a search that cannot run is named at its field; dates are days in the viewer's zone.
 */
@Controller
class SearchController {

    static final int PAGE_SIZE = 25;

    private final SearchService search;
    private final IncidentService incidents;
    private final Times times;

    SearchController(SearchService search, IncidentService incidents, Times times) {
        this.search = search;
        this.incidents = incidents;
        this.times = times;
    }

    @GetMapping("/search")
    String search(@ModelAttribute("params") SearchFilter.Params params, @RequestParam(defaultValue = "0") int page,
            Model model) {
        List<FieldProblem> problems = new ArrayList<>();
        SearchFilter filter = SearchFilter.parse(params, times.zone(), problems);
        SearchQuery query = SearchQuery.parse(params.q());
        model.addAttribute("filterProblems", problems);
        model.addAttribute("severities", Severity.values());
        model.addAttribute("services", incidents.serviceNames());
        String problem = query.problem();
        if (!query.text().isEmpty() && problem != null) {
            model.addAttribute("queryProblem", problem);
        }
        if (problem == null) {
            model.addAttribute("results", search.search(query, filter, page, PAGE_SIZE));
        }
        return "search/results";
    }
}
