package org.hindsight.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hindsight.incident.IncidentKey;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;
import org.hindsight.search.TextSearch.Found;
import org.hindsight.search.TextSearch.Ranked;
import org.hindsight.search.TextSearch.RankedIncident;
import org.hindsight.search.TextSearch.Where;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The search page and API: one page of matching incidents, best first, each with where it matched. Two statements
 * whatever the number of results (the ranked page with its total, then the snippets of that page's incidents).
 * Every signed-in user may read every incident, so every match is shown to every viewer; deleted timeline events
 * are never searched. A search runs when {@link SearchGate} gives it its turn, and has the gate's time to finish.
 */
@Service
class SearchService {

    private final TextSearch search;
    private final SearchGate gate;

    SearchService(TextSearch search, SearchGate gate) {
        this.search = search;
        this.gate = gate;
    }

    /** One incident found: its title marked where it matched, and the other places it matched. */
    record Result(long id, String key, Severity severity, IncidentStatus status, Instant startedAt, double score,
            Snippet title, boolean titleMatches, List<Hit> fields, List<Hit> actions, long actionMatches,
            List<Hit> events, long eventMatches) {

        /** Matching action items and events beyond those shown. */
        public long moreActions() {
            return actionMatches - actions.size();
        }

        public long moreEvents() {
            return eventMatches - events.size();
        }

        /** A link to the match on the incident page ({@code #event-12}, {@code #action-3}). */
        public String anchor(Hit hit) {
            return hit.recordId() == null ? "" : (hit.at() == null ? "#action-" : "#event-") + hit.recordId();
        }
    }

    /**
     * A place a search matched: {@code field} names one of the incident's fields (title, rootCause, ...) and is null
     * for an action item or a timeline event ({@code recordId}, and {@code at} for an event); {@code detail} is an
     * action item's matching details.
     */
    record Hit(String field, Long recordId, Instant at, Snippet snippet, Snippet detail) {
    }

    /**
     * {@code page} counts from 0; a page past the last is empty, with the total. {@link SearchNotFinished} when the
     * search's turn did not come in time, or it ran out of time.
     */
    Page<Result> search(SearchQuery query, SearchFilter filter, int page, int size) {
        return gate.read(() -> searchNow(query, filter, page, size));
    }

    private Page<Result> searchNow(SearchQuery query, SearchFilter filter, int page, int size) {
        int lastPossible = Integer.MAX_VALUE / Math.max(size, 1) - 1;
        PageRequest request = PageRequest.of(Math.min(Math.max(page, 0), lastPossible), size);
        Ranked ranked = search.rank(query, filter, request.getOffset(), size);
        Map<Long, List<Found>> found = new LinkedHashMap<>();
        for (Found f : search.found(query, ranked.rows().stream().map(RankedIncident::id).toList())) {
            found.computeIfAbsent(f.incidentId(), id -> new ArrayList<>()).add(f);
        }
        List<Result> results = new ArrayList<>();
        for (RankedIncident incident : ranked.rows()) {
            results.add(result(incident, found.getOrDefault(incident.id(), List.of())));
        }
        return new PageImpl<>(results, request, ranked.total());
    }

    private static Result result(RankedIncident incident, List<Found> found) {
        Snippet title = null;
        List<Hit> fields = new ArrayList<>();
        List<Hit> actions = new ArrayList<>();
        List<Hit> events = new ArrayList<>();
        long actionMatches = 0;
        long eventMatches = 0;
        for (Found f : found) {
            Hit hit = new Hit(f.field(), f.recordId(), f.at(), f.snippet(), f.detail());
            if (f.where() == Where.FIELD && "title".equals(f.field())) {
                title = f.snippet();
            } else if (f.where() == Where.FIELD) {
                fields.add(hit);
            } else if (f.where() == Where.ACTION) {
                actions.add(hit);
                actionMatches = f.matches();
            } else {
                events.add(hit);
                eventMatches = f.matches();
            }
        }
        if (title == null) {
            title = new Snippet(List.of(new Snippet.Part(incident.title(), false)));
        }
        return new Result(incident.id(), IncidentKey.format(incident.id()), incident.severity(), incident.status(),
                incident.startedAt(), incident.score(), title, title.hasMatch(), fields, actions, actionMatches,
                events, eventMatches);
    }

    /** The earlier incidents most like this one (at most {@code limit}). */
    @Transactional(readOnly = true)
    List<TextSearch.Similar> similar(long incidentId, int limit) {
        return search.similar(incidentId, limit);
    }
}
