package org.hindsight.search;

import org.hindsight.incident.IncidentTextFilter;
import org.springframework.stereotype.Component;

/** The incident list's {@code q} filter: the search's own matching, so the list finds what the search finds. */
@Component
class IncidentTextMatches implements IncidentTextFilter {

    private final TextSearch search;

    IncidentTextMatches(TextSearch search) {
        this.search = search;
    }

    @Override
    public Condition condition(String text) {
        SearchQuery query = SearchQuery.parse(text);
        return search.condition(query.problem() == null ? query : SearchQuery.parse(""));
    }
}
