package org.hindsight.search;

import java.util.ArrayList;
import java.util.List;

import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.hindsight.system.ApiValidationException.FieldProblem;
import org.hindsight.system.Busy;
import org.hindsight.system.Times;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The search page ({@code /search?q=&severity=&service=&from=&to=&page=}): a filter value that makes no sense is
 * quoted and ignored, a search that cannot run is named at its field; dates are days in the viewer's zone. A search
 * that was not run to its end ({@link SearchNotFinished}: too many at once, or out of time) is answered 503 with
 * {@code Retry-After}, on the same page with the words and filters kept, saying which.
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
            Model model, HttpServletRequest request, HttpServletResponse response) {
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
            try {
                model.addAttribute("results", search.search(query, filter, page, PAGE_SIZE));
            } catch (SearchNotFinished e) {
                model.addAttribute("notFinishedCode", e.messageCode());
                model.addAttribute("notFinishedArguments", e.getArguments());
                // the same search again, as a link (the form above holds it too)
                model.addAttribute("searchAgain", request.getQueryString() == null ? "/search"
                        : "/search?" + request.getQueryString());
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(Busy.RETRY_AFTER_SECONDS));
            }
        }
        return "search/results";
    }
}
