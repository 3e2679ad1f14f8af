package org.hindsight.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.hindsight.incident.IncidentTextFilter;

/**
 * Search on PostgreSQL: the {@code search_vector} columns (generated from the text, migrations/postgresql/V24) and
 * their GIN indexes, queried with {@code websearch_to_tsquery('english', q)}, ranked with {@code ts_rank} and
 * marked with {@code ts_headline}.
 *
 * <p>Which incidents have a matching timeline event or action item: for a query of single words (one word, or
 * words joined by or, none left out, no number) the words of all an incident's events, and of all its items, answer
 * exactly ({@code incident_search_words}, one row per incident), so a common word costs a look-up in 20,000 rows
 * instead of a visit to each of the hundreds of thousands of events that hold it. Any other query (two words, a
 * phrase, a word left out, a number) must hold in one record, or finds words that row does not keep: the events and
 * items themselves are searched through their GIN indexes.
 *
 * <p>Ranking: the incident's own text with the weights title 1.0, root cause 0.4, its other fields 0.2, plus 0.15
 * when an action item matches and 0.1 when a timeline event does. A title match (about 0.6 and more) therefore
 * always ranks above an incident found only in its timeline.
 *
 * <p>A search for one word (one lexeme, not a number) reads that score, kept per word and incident in
 * {@code search_posting} (migrations/postgresql/V30), instead of computing it for every incident that matches: its
 * page comes best first from an index and its count from the index alone, so a word in nearly every incident costs
 * what a rare one does. Every other search ranks its matches as above.
 */
class PostgresTextSearch implements TextSearch {

    /** The query, as {@link SearchQuery#websearch()} writes it: words, quoted phrases, - and or, nothing else. */
    private static final String QUERY = "WITH q AS (SELECT websearch_to_tsquery('english', :q) AS query)";

    /**
     * The query where a GIN index is to answer it: written out rather than read from {@code q}, so that the planner
     * sees the words and estimates from the column's statistics how many records hold them (from {@code q} it would
     * guess 0.5 % of the rows: for a rare word among the 100,000 events of a page's 20 large incidents it then read
     * all of those through the incident index as well, 40 of the 66 ms the snippets took on the large data set).
     */
    private static final String MATCH = "websearch_to_tsquery('english', :q)";

    /**
     * Single words, none of them a number: the words kept per incident answer the query (incident_search_words, and
     * for one word alone its postings).
     */
    private static boolean byIncident(SearchQuery query) {
        return query.oneWordEach() && !query.hasNumber();
    }

    /** The incidents with a matching action item (timeline event), scored; {@code tsquery} is the query. */
    private static String actions(SearchQuery query, String tsquery) {
        return byIncident(query)
                ? "SELECT w.incident_id, 1 AS kind, CAST(0.15 AS double precision) AS score"
                        + " FROM incident_search_words w WHERE w.action_words @@ " + tsquery
                : "SELECT DISTINCT a.incident_id, 1 AS kind, CAST(0.15 AS double precision) AS score"
                        + " FROM action_item a WHERE a.search_vector @@ " + tsquery;
    }

    private static String events(SearchQuery query, String tsquery) {
        return byIncident(query)
                ? "SELECT w.incident_id, 2 AS kind, CAST(0.1 AS double precision) AS score"
                        + " FROM incident_search_words w WHERE w.event_words @@ " + tsquery
                : "SELECT DISTINCT e.incident_id, 2 AS kind, CAST(0.1 AS double precision) AS score"
                        + " FROM timeline_event e WHERE e.search_vector @@ " + tsquery + " AND NOT e.deleted";
    }

    /**
     * Every matching incident with its score, before the filters: its own text's rank, plus its items', plus its
     * events' share, added in this order in double precision (as search_posting keeps them, V30), so that the same
     * incident scores the same to the last bit whatever order the database gathers the parts in.
     */
    private static String ranked(SearchQuery query) {
        return QUERY + """
                , hits AS (
                    SELECT i.id AS incident_id, 0 AS kind,
                        CAST(ts_rank('{0.1,0.2,0.4,1.0}', i.search_vector, q.query) AS double precision) AS score
                    FROM incident i, q WHERE i.search_vector @@ websearch_to_tsquery('english', :q)
                    UNION ALL
                """ + actions(query, MATCH) + " UNION ALL " + events(query, MATCH)
                + """
                ),
                ranked AS (
                    SELECT incident_id, coalesce(max(score) FILTER (WHERE kind = 0), 0)
                        + coalesce(max(score) FILTER (WHERE kind = 1), 0)
                        + coalesce(max(score) FILTER (WHERE kind = 2), 0) AS score
                    FROM hits GROUP BY incident_id)
                """;
    }

    /** Options of ts_headline: a piece of about 12 to 30 words (two at most); a title is marked whole. */
    private static final String PART = "StartSel=" + Snippet.START + ", StopSel=" + Snippet.STOP
            + ", MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=\" … \"";
    private static final String WHOLE = "StartSel=" + Snippet.START + ", StopSel=" + Snippet.STOP
            + ", HighlightAll=true";

    /**
     * The page's incidents: their title, each field with a word of the query in it (only where the incident's
     * own text has one: no snippet of every field of an incident found in its timeline), and the first two action
     * items and timeline events that match, each marked by ts_headline. The punctuation the index reads as spaces goes
     * in as control characters (blanks to the parser, as spaces are to the index) and comes back in Java.
     */
    private static final String FOUND = QUERY + """
            , fields AS (
                SELECT i.id AS incident_id, f.position, f.field, f.body
                FROM incident i CROSS JOIN LATERAL (VALUES (0, 'title', i.title),
                    (1, 'rootCauseSummary', i.root_cause_summary), (2, 'rootCause', i.root_cause),
                    (3, 'impact', i.impact), (4, 'resolution', i.resolution),
                    (5, 'contributingFactors', i.contributing_factors), (6, 'lessons', i.lessons),
                    (7, 'notes', i.notes)) AS f(position, field, body)
                WHERE i.id IN (:ids) AND f.body IS NOT NULL
                    AND (f.position = 0 OR i.search_vector @@ websearch_to_tsquery('english', :any))),
            headlines AS (
                SELECT f.incident_id, f.position, f.field, ts_headline('english', translate(f.body, :from, :to),
                    q.query, CASE WHEN f.position = 0 THEN :whole ELSE :part END) AS headline
                FROM fields f, q),
            actions AS (
                SELECT a.incident_id, a.id, a.title, a.details,
                    row_number() OVER (PARTITION BY a.incident_id ORDER BY a.id) AS n,
                    count(*) OVER (PARTITION BY a.incident_id) AS matches
                FROM action_item a
                WHERE a.incident_id IN (:ids) AND a.search_vector @@ websearch_to_tsquery('english', :q)),
            events AS (
                SELECT e.incident_id, e.id, e.occurred_at, e.text,
                    row_number() OVER (PARTITION BY e.incident_id ORDER BY e.occurred_at, e.created_at, e.id) AS n,
                    count(*) OVER (PARTITION BY e.incident_id) AS matches
                FROM timeline_event e
                WHERE e.incident_id IN (:ids) AND e.search_vector @@ websearch_to_tsquery('english', :q)
                    AND NOT e.deleted)
            SELECT h.incident_id, 'FIELD', h.field, CAST(NULL AS bigint), CAST(NULL AS timestamptz), 1, h.position,
                h.headline, CAST(NULL AS text)
            FROM headlines h WHERE h.position = 0 OR strpos(h.headline, :start) > 0
            UNION ALL
            SELECT a.incident_id, 'ACTION', NULL, a.id, NULL, a.matches, a.n,
                ts_headline('english', translate(a.title, :from, :to), q.query, :whole),
                ts_headline('english', translate(a.details, :from, :to), q.query, :part)
            FROM actions a, q WHERE a.n <= 2
            UNION ALL
            SELECT e.incident_id, 'EVENT', NULL, e.id, e.occurred_at, e.matches, e.n,
                ts_headline('english', translate(e.text, :from, :to), q.query, :part), NULL
            FROM events e, q WHERE e.n <= 2
            """;

    /**
     * The most recent earlier incidents that share a service or a word of the title or root cause (weights A and
     * B), at most {@link #SIMILAR_CANDIDATES}, each scored by the services and distinct words it shares.
     */
    private static final String SIMILAR = """
            WITH me AS (
                SELECT id, started_at, strip(ts_filter(search_vector, '{a,b}')) AS words
                FROM incident WHERE id = :id),
            query AS (
                SELECT CAST(string_agg('''' || replace(replace(w, '\\', '\\\\'), '''', '''''') || ''':AB', ' | ')
                    AS tsquery) AS words
                FROM me, unnest(tsvector_to_array(me.words)) AS w WHERE length(w) > 1),
            services AS (SELECT service_id FROM incident_service WHERE incident_id = :id),
            candidates AS (
                SELECT i.id, i.title, i.severity, i.status, i.started_at,
                    strip(ts_filter(i.search_vector, '{a,b}')) AS words
                FROM incident i, query
                WHERE i.started_at < (SELECT started_at FROM me) AND i.id <> (SELECT id FROM me)
                    -- walked newest first along ix_incident_started (a condition no index answers), 500 at most
                    AND (coalesce(i.search_vector, CAST('' AS tsvector)) @@ query.words
                        OR EXISTS (SELECT 1 FROM incident_service s
                            WHERE s.incident_id = i.id AND s.service_id IN (SELECT service_id FROM services)))
                ORDER BY i.started_at DESC, i.id DESC
                LIMIT :candidates),
            scored AS MATERIALIZED (
                SELECT c.id, c.title, c.severity, c.status, c.started_at,
                    (SELECT count(*) FROM incident_service s
                        WHERE s.incident_id = c.id AND s.service_id IN (SELECT service_id FROM services)) AS services,
                    -- the words both have: |a| + |b| - |a and b merged|
                    length(c.words) + length(me.words) - length(c.words || me.words) AS words
                FROM candidates c, me)
            SELECT id, title, severity, status, started_at, services, words FROM scored
            WHERE services > 0 OR words > 0
            ORDER BY 2 * services + words DESC, started_at DESC, id DESC
            LIMIT :limit
            """;

    /** How many of the most recent earlier incidents that share something are compared, at most. */
    static final int SIMILAR_CANDIDATES = 500;

    private final EntityManager entityManager;
    /** A one-word search reads its postings (false: ranks every match, as any other search; for tests). */
    private final boolean postings;
    /** The longest a statement of a search may run, in milliseconds ({@link TextSearch#bound}). */
    private final String statementTimeout;

    PostgresTextSearch(EntityManager entityManager, java.time.Duration timeout) {
        this(entityManager, true, timeout);
    }

    PostgresTextSearch(EntityManager entityManager, boolean postings, java.time.Duration timeout) {
        this.entityManager = entityManager;
        this.postings = postings;
        this.statementTimeout = Long.toString(timeout.toMillis());
    }

    /** For the incident list's words filter; a ranked search sets it with its plan settings ({@link #prepare}). */
    @Override
    public void bound() {
        Rows.list(entityManager, "SELECT set_config('statement_timeout', :limit, true), 0",
                Map.of("limit", statementTimeout));
    }

    @Override
    public IncidentTextFilter.Condition condition(SearchQuery query) {
        if (query.findsNothing()) {
            return new IncidentTextFilter.Condition("? IS NULL", List.of());
        }
        String lexeme = prepare(query, false);
        if (lexeme != null) {
            return new IncidentTextFilter.Condition(
                    "? IN (SELECT p.incident_id FROM search_posting p WHERE p.word = ?)", List.of(lexeme));
        }
        String match = "websearch_to_tsquery('english', ?)";
        return new IncidentTextFilter.Condition("? IN (SELECT i.id FROM incident i WHERE i.search_vector @@ " + match
                + " UNION ALL SELECT incident_id FROM (" + actions(query, match) + ") a"
                + " UNION ALL SELECT incident_id FROM (" + events(query, match) + ") e)",
                List.of(query.websearch(), query.websearch(), query.websearch()));
    }

    @Override
    public Ranked rank(SearchQuery query, SearchFilter filter, long offset, int limit) {
        String lexeme = prepare(query, true);
        if (lexeme != null) {
            return rankOneWord(lexeme, filter, offset, limit);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("q", query.websearch());
        String matching = ranked(query);
        String where = where(filter, parameters);
        Map<String, Object> page = new LinkedHashMap<>(parameters);
        page.put("limit", limit);
        page.put("offset", offset);
        List<Object[]> rows = Rows.list(entityManager, matching + """
                SELECT i.id, i.title, i.severity, i.status, i.started_at, r.score, COUNT(*) OVER () AS total
                FROM ranked r JOIN incident i ON i.id = r.incident_id
                """ + where + " ORDER BY r.score DESC, i.started_at DESC, i.id DESC LIMIT :limit OFFSET :offset", page);
        return page(rows, offset, () -> Rows.number(Rows.list(entityManager, matching + """
                SELECT COUNT(*), 0 FROM ranked r JOIN incident i ON i.id = r.incident_id
                """ + where, parameters).get(0)[0]));
    }

    /**
     * The one lexeme the search is (one word, as websearch_to_tsquery reads it), or null: a search of several words,
     * a phrase, a word left out or a number is ranked from the text itself. {@code planForTheseValues}: the rest of
     * this transaction's statements (the page and its snippets) are planned for the values they are given, in the
     * same statement. The driver prepares a statement it runs often on the server, and PostgreSQL may then plan it
     * once for any value (a generic plan): for the snippets such a plan cannot tell a rare word from a common one,
     * and it read the events of "error" through the word's index (53 ms per page on the large data set, not 9).
     * Nor are they run in parallel: PostgreSQL gathered the ranked page of a rare word (three index scans of a few
     * rows each) from two parallel workers, and starting them cost 60-70 of the statement's 80 ms (9-12 ms without,
     * on the large data set); a search is one of many requests at once, not a report that has the machine to itself.
     * And each is bounded by the search's time in the database too ({@link TextSearch#bound}).
     */
    String prepare(SearchQuery query, boolean planForTheseValues) {
        boolean oneWord = postings && query.groups().size() == 1 && byIncident(query);
        if (!oneWord && !planForTheseValues) {
            return null;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("q", oneWord ? query.websearch() : "");
        parameters.put("limit", statementTimeout);
        String plans = planForTheseValues ? "set_config('plan_cache_mode', 'force_custom_plan', true)"
                + " || set_config('max_parallel_workers_per_gather', '0', true)"
                + " || set_config('statement_timeout', :limit, true)" : "CAST(:limit AS text)";
        List<Object[]> rows = Rows.list(entityManager,
                "SELECT CASE WHEN :q = '' THEN NULL ELSE search_lexeme(:q) END, " + plans, parameters);
        return (String) rows.get(0)[0];
    }

    /**
     * A page of the incidents that hold one word, best first, from its postings (their score is the one
     * {@link #ranked} computes), with the number of all that match: without a filter counted from the postings alone
     * (an index-only scan; an incident's postings go with it), once for the statement.
     */
    private Ranked rankOneWord(String lexeme, SearchFilter filter, long offset, int limit) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("word", lexeme);
        String where = where(filter, parameters);
        String matching = " FROM search_posting p JOIN incident i ON i.id = p.incident_id WHERE p.word = :word"
                + (where.isEmpty() ? "" : " AND" + where.substring(" WHERE".length()));
        String count = where.isEmpty() ? "SELECT COUNT(*) FROM search_posting c WHERE c.word = :word"
                : "SELECT COUNT(*)" + matching;
        Map<String, Object> page = new LinkedHashMap<>(parameters);
        page.put("limit", limit);
        page.put("offset", offset);
        List<Object[]> rows = Rows.list(entityManager, "SELECT i.id, i.title, i.severity, i.status, i.started_at,"
                + " p.score, (" + count + ") AS total" + matching
                + " ORDER BY p.score DESC, p.started_at DESC, p.incident_id DESC LIMIT :limit OFFSET :offset", page);
        return page(rows, offset,
                () -> Rows.number(Rows.list(entityManager, "SELECT (" + count + "), 0", parameters).get(0)[0]));
    }

    /**
     * A ranked page from its rows (id, title, severity, status, start, score, the total of all that match); a page
     * past the last has no row to carry the total, which {@code countAll} then counts.
     */
    private static Ranked page(List<Object[]> rows, long offset, java.util.function.LongSupplier countAll) {
        List<RankedIncident> ranked = rows.stream().map(row -> new RankedIncident(Rows.number(row[0]),
                (String) row[1], Rows.severity(row[2]), Rows.status(row[3]), Rows.instant(row[4]),
                Rows.decimal(row[5]))).toList();
        if (!rows.isEmpty()) {
            return new Ranked(ranked, Rows.number(rows.get(0)[6]));
        }
        return new Ranked(ranked, offset > 0 ? countAll.getAsLong() : 0);
    }

    /** The filters as a WHERE clause on {@code i} (the incident), their values added to {@code parameters}. */
    static String where(SearchFilter filter, Map<String, Object> parameters) {
        List<String> where = new ArrayList<>();
        if (filter.severity() != null) {
            where.add("i.severity = :severity");
            parameters.put("severity", filter.severity().name());
        }
        if (filter.service() != null) {
            where.add("EXISTS (SELECT 1 FROM incident_service s JOIN affected_service v ON v.id = s.service_id"
                    + " WHERE s.incident_id = i.id AND v.name = :service)");
            parameters.put("service", filter.service());
        }
        if (filter.startsFrom() != null) {
            where.add("i.started_at >= :startsFrom");
            parameters.put("startsFrom", filter.startsFrom());
        }
        if (filter.startsBefore() != null) {
            where.add("i.started_at < :startsBefore");
            parameters.put("startsBefore", filter.startsBefore());
        }
        return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    }

    @Override
    public List<Found> found(SearchQuery query, Collection<Long> incidentIds) {
        if (incidentIds.isEmpty()) {
            return List.of();
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("q", query.websearch());
        parameters.put("any", query.anyWord());
        parameters.put("ids", incidentIds);
        // the punctuation to its stand-ins; control characters of the text itself and the marks' characters dropped
        parameters.put("from", Snippet.JOINERS + Snippet.STANDINS + Snippet.MARKERS);
        parameters.put("to", Snippet.STANDINS);
        parameters.put("start", String.valueOf(Snippet.START));
        parameters.put("whole", WHOLE);
        parameters.put("part", PART);
        List<Object[]> rows = new ArrayList<>(Rows.list(entityManager, FOUND, parameters));
        // per incident: its fields in their order, then its action items, then its events, each best first
        rows.sort(java.util.Comparator.<Object[]>comparingLong(row -> Rows.number(row[0]))
                .thenComparing(row -> Where.valueOf((String) row[1])).thenComparingLong(row -> Rows.number(row[6])));
        List<Found> found = new ArrayList<>();
        for (Object[] row : rows) {
            found.add(new Found(Rows.number(row[0]), Where.valueOf((String) row[1]), (String) row[2], Rows.id(row[3]),
                    Rows.instant(row[4]), Rows.number(row[5]), Snippet.ofHeadline((String) row[7]),
                    detail(row[8])));
        }
        return found;
    }

    /** An action item's details, where a word of the query is marked in them. */
    private static Snippet detail(Object headline) {
        Snippet detail = headline == null ? null : Snippet.ofHeadline((String) headline);
        return detail == null || !detail.hasMatch() ? null : detail;
    }

    @Override
    public List<Similar> similar(long incidentId, int limit) {
        List<Similar> similar = new ArrayList<>();
        for (Object[] row : Rows.list(entityManager, SIMILAR,
                Map.of("id", incidentId, "limit", limit, "candidates", SIMILAR_CANDIDATES))) {
            similar.add(new Similar(Rows.number(row[0]), (String) row[1], Rows.severity(row[2]), Rows.status(row[3]),
                    Rows.instant(row[4]), Rows.number(row[5]), Rows.number(row[6])));
        }
        return similar;
    }
}
