package org.hindsight.search;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.hindsight.incident.IncidentKey;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.IncidentTextFilter;
import org.hindsight.incident.Severity;

/**
 * The search's work in the database, one implementation per database ({@link TextSearchConfig} picks it):
 * PostgreSQL's full-text index ({@link PostgresTextSearch}) or a matcher over the text columns on H2
 * ({@link H2TextSearch}). Both find the same records for the same {@link SearchQuery}, rank the incident's title
 * first, then its root cause, its other text, its action items and last its timeline, and mark the words found.
 * Deleted timeline events and the rows written when the status moved are never found.
 */
interface TextSearch {

    /**
     * Bounds each statement of the current transaction by the search's time ({@code hindsight.search.timeout}) in the
     * database itself, where the database can (PostgreSQL's {@code statement_timeout}, for this transaction only). A
     * search's deadline reaches each statement as the driver's query timeout in whole seconds, rounded: a statement
     * started in the last half second of a search gets none, and this is what then bounds it. A ranked search sets it
     * in its first statement ({@link #rank}); the incident list's words filter calls this.
     */
    default void bound() {
    }

    /** The incidents the query matches, as a condition on an incident's id (the incident list's filter). */
    IncidentTextFilter.Condition condition(SearchQuery query);

    /** One page of matching incidents, best first, with the number of all that match. */
    Ranked rank(SearchQuery query, SearchFilter filter, long offset, int limit);

    /**
     * Where the query matches in these incidents: the title (always, marked where it matches), each of the
     * incident's fields that matches, and its first two matching action items and timeline events, each with a
     * snippet and the number of records of its kind that match. One statement, whatever the number of incidents.
     */
    List<Found> found(SearchQuery query, Collection<Long> incidentIds);

    /**
     * Up to {@code limit} incidents that started before this one, most alike first: the more services they share
     * and the more words of the title and root cause, the more alike; only those that share at least one.
     */
    List<Similar> similar(long incidentId, int limit);

    /** An incident that matches, with its score (higher first). */
    record RankedIncident(long id, String title, Severity severity, IncidentStatus status, Instant startedAt,
            double score) {
    }

    record Ranked(List<RankedIncident> rows, long total) {
    }

    /** Where in an incident the search matched. */
    enum Where {
        /** One of the incident's own fields: {@code field} names it (title, rootCause, impact, ...). */
        FIELD,
        /** An action item: {@code field} is null, {@code recordId} its id. */
        ACTION,
        /** A timeline event: {@code recordId} its id, {@code at} its time. */
        EVENT
    }

    /**
     * One place the search matched: {@code matches} is the number of records of its kind in the incident that match
     * (1 for a field), of which the first two are returned. {@code detail} is an action item's details, when they
     * match too.
     */
    record Found(long incidentId, Where where, String field, Long recordId, Instant at, long matches,
            Snippet snippet, Snippet detail) {
    }

    /** An earlier incident like this one: the services and words they share. */
    record Similar(long id, String title, Severity severity, IncidentStatus status, Instant startedAt,
            long sharedServices, long sharedWords) {

        public String key() {
            return IncidentKey.format(id);
        }
    }
}
