package org.hindsight.search;

import java.util.function.Supplier;

import org.hindsight.incident.IncidentTextFilter;
import org.springframework.stereotype.Component;

/** The incident list's {@code q} filter: the search's own matching, so the list finds what the search finds. */
@Component
class IncidentTextMatches implements IncidentTextFilter {

    private final TextSearch search;
    private final SearchGate gate;

    IncidentTextMatches(TextSearch search, SearchGate gate) {
        this.search = search;
        this.gate = gate;
    }

    @Override
    public Condition condition(String text) {
        SearchQuery query = SearchQuery.parse(text);
        return search.condition(query.problem() == null ? query : SearchQuery.parse(""));
    }

    @Override
    public <T> T limited(Supplier<T> read) {
        return gate.read(() -> {
            search.bound();
            return read.get();
        });
    }
}
