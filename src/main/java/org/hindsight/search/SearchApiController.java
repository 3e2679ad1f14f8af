package org.hindsight.search;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;

import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.system.ApiValidationException;
import org.hindsight.system.ApiValidationException.FieldProblem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/search}: the search for scripts; a bad parameter answers 400 (problem details) naming it, a search
 * not run to its end ({@link SearchNotFinished}) 503 with {@code Retry-After}, saying why.
 */
@RestController
class SearchApiController {

    static final int MAX_PAGE_SIZE = 100;

    private final SearchService search;
    private final MessageSource messages;

    SearchApiController(SearchService search, MessageSource messages) {
        this.search = search;
        this.messages = messages;
    }

    /** A place the search matched: {@code in} is a field of the incident, {@code action} or {@code timeline}. */
    record MatchJson(String in, Long id, Instant at, List<Snippet.Part> snippet, List<Snippet.Part> details) {
    }

    record ResultJson(String key, String title, Severity severity, IncidentStatus status, Instant startedAt,
            double score, List<MatchJson> matches, long actionMatches, long timelineMatches) {

        static ResultJson of(SearchService.Result r) {
            List<MatchJson> matches = new ArrayList<>();
            if (r.titleMatches()) {
                matches.add(new MatchJson("title", null, null, r.title().parts(), null));
            }
            r.fields().forEach(h -> matches.add(new MatchJson(h.field(), null, null, h.snippet().parts(), null)));
            r.actions().forEach(h -> matches.add(new MatchJson("action", h.recordId(), null, h.snippet().parts(),
                    h.detail() == null ? null : h.detail().parts())));
            r.events().forEach(h -> matches.add(new MatchJson("timeline", h.recordId(), h.at(), h.snippet().parts(),
                    null)));
            return new ResultJson(r.key(), r.title().text(), r.severity(), r.status(), r.startedAt(),
                    Math.round(r.score() * 10_000) / 10_000.0, matches, r.actionMatches(), r.eventMatches());
        }
    }

    record SearchJson(String q, List<ResultJson> items, int page, int size, long total) {
    }

    @GetMapping("/api/search")
    @Operation(summary = "Search incidents, their timeline events and action items: words, \"quoted phrases\","
            + " -left out words, or; best first, 25 a page (size up to 100); each incident with where it matched,"
            + " as snippets in parts marked match true or false. Filters: severity, service, from and to (days as"
            + " YYYY-MM-DD in UTC, both included, on the incident's start). 503 with Retry-After when too many"
            + " searches are running or the search takes longer than an instance allows (the detail says which)")
    SearchJson search(@RequestParam(required = false) String q, @RequestParam(required = false) String severity,
            @RequestParam(required = false) String service, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String page,
            @RequestParam(required = false) String size) {
        List<FieldProblem> problems = new ArrayList<>();
        SearchQuery query = SearchQuery.parse(q);
        String problem = query.problem();
        if (problem != null) {
            problems.add(new FieldProblem("q", messages.getMessage(problem, new Object[] {SearchQuery.MAX_LENGTH,
                    SearchQuery.MAX_TERMS}, LocaleContextHolder.getLocale())));
        }
        SearchFilter filter = SearchFilter.parse(new SearchFilter.Params(q, severity, service, from, to),
                ZoneOffset.UTC, problems);
        int pageNumber = number("page", page, 0, 0, Integer.MAX_VALUE, problems);
        int pageSize = number("size", size, SearchController.PAGE_SIZE, 1, MAX_PAGE_SIZE, problems);
        if (!problems.isEmpty()) {
            throw new ApiValidationException(problems);
        }
        Page<SearchService.Result> found = search.search(query, filter, pageNumber, pageSize);
        return new SearchJson(query.text(), found.getContent().stream().map(ResultJson::of).toList(),
                found.getNumber(), found.getSize(), found.getTotalElements());
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
