package org.hindsight.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;

import org.hindsight.incident.IncidentTextFilter;
import org.hindsight.search.SearchQuery.Group;
import org.hindsight.search.SearchQuery.Term;

/**
 * Search on H2, which has no index for it: the same records as on PostgreSQL, read from the text columns. A word
 * matches a whole word in any case, in the singular or the plural (an English -s or -es); a phrase matches its
 * words in this order with only spaces or punctuation between them (a stop word in it stands for any one word).
 * PostgreSQL's stemming goes further ("connection" also finds "connecting"); H2 does not. Each term is a regular
 * expression ({@code REGEXP_LIKE}), tried only where a {@code LIKE} on the lower-cased text has found its longest
 * word. Ranked by where it matched: title 1.0, root cause 0.4, the incident's other text 0.2, an action item 0.15,
 * a timeline event 0.1; snippets are made in Java ({@link Snippet#around}).
 */
class H2TextSearch implements TextSearch {

    private static final String WORD = "[" + SearchQuery.WORD_CHARS + "]";
    private static final String NOT_WORD = "[^" + SearchQuery.WORD_CHARS + "]";
    private static final String FLAGS = "(?iu)";

    static final String INCIDENT_TEXT = "CONCAT_WS(CHAR(10), i.title, i.root_cause_summary, i.root_cause, i.impact,"
            + " i.resolution, i.contributing_factors, i.lessons, i.notes)";
    private static final String CAUSE_TEXT = "CONCAT_WS(CHAR(10), i.root_cause_summary, i.root_cause)";
    private static final String OTHER_TEXT = "CONCAT_WS(CHAR(10), i.impact, i.resolution, i.contributing_factors,"
            + " i.lessons, i.notes)";
    static final String ACTION_TEXT = "CONCAT_WS(CHAR(10), a.title, a.details)";
    static final String EVENT_TEXT = "e.text";
    /** Events people wrote and did not delete. */
    static final String LIVE_EVENT = "e.deleted = FALSE AND e.status_change = FALSE";

    private static final String[][] FIELDS = {{"title", "i.title"}, {"rootCauseSummary", "i.root_cause_summary"},
        {"rootCause", "i.root_cause"}, {"impact", "i.impact"}, {"resolution", "i.resolution"},
        {"contributingFactors", "i.contributing_factors"}, {"lessons", "i.lessons"}, {"notes", "i.notes"}};

    /** The most words of an incident's title and root cause compared for "similar incidents". */
    static final int SIMILAR_WORDS = 24;

    private final EntityManager entityManager;

    H2TextSearch(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    // ---- matching, as SQL

    /** Binds values: returns the placeholder to write for each. */
    private interface Binder extends Function<Object, String> {
    }

    /** Named parameters p1, p2, ... in {@code parameters}. */
    private static Binder named(Map<String, Object> parameters) {
        return value -> {
            String name = "p" + (parameters.size() + 1);
            parameters.put(name, value);
            return ":" + name;
        };
    }

    /** The record {@code text} (an SQL expression) matches the query: one of its groups holds. */
    static String matches(SearchQuery query, String text, Binder bind) {
        return query.groups().stream().map(group -> holds(group, text, bind))
                .collect(Collectors.joining(" OR ", "(", ")"));
    }

    private static String holds(Group group, String text, Binder bind) {
        return group.terms().stream()
                .map(term -> (term.excluded() ? "NOT " : "") + contains(term, text, bind))
                .collect(Collectors.joining(" AND ", "(", ")"));
    }

    private static String contains(Term term, String text, Binder bind) {
        return "(LOWER(" + text + ") LIKE " + bind.apply("%" + likeWord(term) + "%") + " AND REGEXP_LIKE(" + text
                + ", " + bind.apply(FLAGS + regex(term)) + "))";
    }

    /** The text (which may be null) contains one of the query's wanted terms. */
    private static String containsAny(SearchQuery query, String text, Binder bind) {
        return "REGEXP_LIKE(COALESCE(" + text + ", ''), " + bind.apply(anyRegex(query)) + ")";
    }

    static String anyRegex(SearchQuery query) {
        return FLAGS + wanted(query).stream().map(H2TextSearch::regex).collect(Collectors.joining("|", "(?:", ")"));
    }

    private static List<Term> wanted(SearchQuery query) {
        return query.groups().stream().flatMap(g -> g.wanted().stream()).distinct().toList();
    }

    /** A term as a regular expression (without flags): whole words, each in its singular or plural. */
    static String regex(Term term) {
        StringBuilder regex = new StringBuilder("(?<!" + WORD + ")");
        for (int k = 0; k < term.words().size(); k++) {
            if (k > 0) {
                regex.append(NOT_WORD).append('+');
            }
            String word = term.words().get(k);
            regex.append(SearchQuery.STOP_WORDS.contains(word) ? WORD + "+" : forms(word));
        }
        return regex.append("(?!" + WORD + ")").toString();
    }

    /** A word and its stems without an English plural ending, each followed by an optional one. */
    private static String forms(String word) {
        return stems(word).stream().map(stem -> Pattern.quote(stem) + "(?:e?s)?")
                .collect(Collectors.joining("|", "(?:", ")"));
    }

    private static Set<String> stems(String word) {
        Set<String> stems = new LinkedHashSet<>();
        stems.add(word);
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")
                && !word.endsWith("is")) {
            stems.add(word.substring(0, word.length() - 1));
            if (word.length() > 4 && word.endsWith("es")) {
                stems.add(word.substring(0, word.length() - 2));
            }
        }
        return stems;
    }

    /** What every match of the term contains, lower-cased: the shortest stem of its longest searched word. */
    private static String likeWord(Term term) {
        return term.searched().stream()
                .map(word -> stems(word).stream().min(Comparator.comparingInt(String::length)).orElseThrow())
                .max(Comparator.comparingInt(String::length)).orElseThrow();
    }

    /** The query's wanted terms as Java patterns: what a snippet marks. */
    static List<Pattern> patterns(SearchQuery query) {
        return wanted(query).stream().map(term -> Pattern.compile(FLAGS + regex(term))).toList();
    }

    // ---- the queries

    @Override
    public IncidentTextFilter.Condition condition(SearchQuery query) {
        if (query.findsNothing()) {
            return new IncidentTextFilter.Condition("? IS NULL", List.of());
        }
        List<Object> arguments = new ArrayList<>();
        Binder bind = value -> {
            arguments.add(value);
            return "?";
        };
        String sql = "? IN (SELECT i.id FROM incident i WHERE " + matches(query, INCIDENT_TEXT, bind)
                + " UNION ALL SELECT e.incident_id FROM timeline_event e WHERE " + LIVE_EVENT + " AND "
                + matches(query, EVENT_TEXT, bind) + " UNION ALL SELECT a.incident_id FROM action_item a WHERE "
                + matches(query, ACTION_TEXT, bind) + ")";
        return new IncidentTextFilter.Condition(sql, arguments);
    }

    private static String ranked(SearchQuery query, Binder bind) {
        return "WITH hits AS (SELECT i.id AS incident_id, CASE WHEN " + containsAny(query, "i.title", bind)
                + " THEN 1.0 ELSE 0 END + CASE WHEN " + containsAny(query, CAUSE_TEXT, bind)
                + " THEN 0.4 ELSE 0 END + CASE WHEN " + containsAny(query, OTHER_TEXT, bind)
                + " THEN 0.2 ELSE 0 END AS score FROM incident i WHERE " + matches(query, INCIDENT_TEXT, bind)
                + " UNION ALL SELECT DISTINCT a.incident_id, 0.15 FROM action_item a WHERE "
                + matches(query, ACTION_TEXT, bind)
                + " UNION ALL SELECT DISTINCT e.incident_id, 0.1 FROM timeline_event e WHERE " + LIVE_EVENT + " AND "
                + matches(query, EVENT_TEXT, bind)
                + "), ranked AS (SELECT incident_id, SUM(score) AS score FROM hits GROUP BY incident_id) ";
    }

    @Override
    public Ranked rank(SearchQuery query, SearchFilter filter, long offset, int limit) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String ranked = ranked(query, named(parameters));
        String where = PostgresTextSearch.where(filter, parameters);
        Map<String, Object> page = new LinkedHashMap<>(parameters);
        page.put("limit", limit);
        page.put("offset", offset);
        List<Object[]> rows = Rows.list(entityManager, ranked
                + "SELECT i.id, i.title, i.severity, i.status, i.started_at, r.score, COUNT(*) OVER () AS total"
                + " FROM ranked r JOIN incident i ON i.id = r.incident_id" + where
                + " ORDER BY r.score DESC, i.started_at DESC, i.id DESC LIMIT :limit OFFSET :offset", page);
        List<RankedIncident> found = new ArrayList<>();
        long total = 0;
        for (Object[] row : rows) {
            found.add(new RankedIncident(Rows.number(row[0]), (String) row[1], Rows.severity(row[2]),
                    Rows.status(row[3]), Rows.instant(row[4]), Rows.decimal(row[5])));
            total = Rows.number(row[6]);
        }
        if (rows.isEmpty() && offset > 0) {
            total = Rows.number(Rows.list(entityManager, ranked
                    + "SELECT COUNT(*), 0 FROM ranked r JOIN incident i ON i.id = r.incident_id" + where, parameters)
                    .get(0)[0]);
        }
        return new Ranked(found, total);
    }

    @Override
    public List<Found> found(SearchQuery query, Collection<Long> incidentIds) {
        if (incidentIds.isEmpty()) {
            return List.of();
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("ids", incidentIds);
        Binder bind = named(parameters);
        List<String> parts = new ArrayList<>();
        for (int f = 0; f < FIELDS.length; f++) {
            parts.add("SELECT i.id, 'FIELD', '" + FIELDS[f][0] + "', CAST(NULL AS BIGINT),"
                    + " CAST(NULL AS TIMESTAMP WITH TIME ZONE), 1, " + f + ", " + FIELDS[f][1]
                    + ", CAST(NULL AS VARCHAR) FROM incident i WHERE i.id IN (:ids) AND " + FIELDS[f][1]
                    + " IS NOT NULL" + (f == 0 ? "" : " AND " + containsAny(query, FIELDS[f][1], bind)));
        }
        parts.add("SELECT incident_id, 'ACTION', NULL, id, NULL, matches, n, title, details FROM (SELECT"
                + " a.incident_id, a.id, a.title, a.details, ROW_NUMBER() OVER (PARTITION BY a.incident_id"
                + " ORDER BY a.id) AS n, COUNT(*) OVER (PARTITION BY a.incident_id) AS matches FROM action_item a"
                + " WHERE a.incident_id IN (:ids) AND " + matches(query, ACTION_TEXT, bind) + ") x WHERE n <= 2");
        parts.add("SELECT incident_id, 'EVENT', NULL, id, occurred_at, matches, n, text, NULL FROM (SELECT"
                + " e.incident_id, e.id, e.occurred_at, e.text, ROW_NUMBER() OVER (PARTITION BY e.incident_id"
                + " ORDER BY e.occurred_at, e.created_at, e.id) AS n, COUNT(*) OVER (PARTITION BY e.incident_id) AS matches"
                + " FROM timeline_event e WHERE e.incident_id IN (:ids) AND " + LIVE_EVENT + " AND "
                + matches(query, EVENT_TEXT, bind) + ") x WHERE n <= 2");
        List<Object[]> rows = new ArrayList<>(Rows.list(entityManager, String.join(" UNION ALL ", parts),
                parameters));
        rows.sort(Comparator.<Object[]>comparingLong(row -> Rows.number(row[0]))
                .thenComparing(row -> TextSearch.Where.valueOf((String) row[1]))
                .thenComparingLong(row -> Rows.number(row[6])));
        List<Pattern> patterns = patterns(query);
        List<Found> found = new ArrayList<>();
        for (Object[] row : rows) {
            Where where = Where.valueOf((String) row[1]);
            String text = (String) row[7];
            Snippet snippet = where == Where.ACTION || "title".equals(row[2]) ? Snippet.whole(text, patterns)
                    : Snippet.around(text, patterns);
            Snippet detail = row[8] == null ? null : Snippet.around((String) row[8], patterns);
            found.add(new Found(Rows.number(row[0]), where, (String) row[2], Rows.id(row[3]), Rows.instant(row[4]),
                    Rows.number(row[5]), snippet == null ? Snippet.start(text) : snippet, detail));
        }
        return found;
    }

    @Override
    public List<Similar> similar(long incidentId, int limit) {
        Object[] me = Rows.list(entityManager, "SELECT i.started_at, i.title, " + CAUSE_TEXT
                + " FROM incident i WHERE i.id = :id", Map.of("id", incidentId)).stream().findFirst().orElse(null);
        if (me == null) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        for (String word : SearchQuery.words(me[1] + "\n" + (me[2] == null ? "" : me[2]))) {
            if (word.length() > 1 && !SearchQuery.STOP_WORDS.contains(word) && !words.contains(word)
                    && words.size() < SIMILAR_WORDS) {
                words.add(word);
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("id", incidentId);
        parameters.put("started", Rows.instant(me[0]));
        parameters.put("limit", limit);
        parameters.put("candidates", PostgresTextSearch.SIMILAR_CANDIDATES);
        Binder bind = named(parameters);
        String text = "CONCAT_WS(CHAR(10), i.title, i.root_cause_summary, i.root_cause)";
        String shared = words.isEmpty() ? "0" : words.stream()
                .map(word -> "CASE WHEN REGEXP_LIKE(" + text + ", " + bind.apply(FLAGS + regex(new Term(List.of(word),
                        false))) + ") THEN 1 ELSE 0 END")
                .collect(Collectors.joining(" + "));
        String sharesAWord = words.isEmpty() ? "FALSE" : "REGEXP_LIKE(" + text + ", " + bind.apply(FLAGS
                + words.stream().map(word -> regex(new Term(List.of(word), false)))
                        .collect(Collectors.joining("|", "(?:", ")"))) + ")";
        String services = "SELECT service_id FROM incident_service WHERE incident_id = :id";
        String sql = "SELECT id, title, severity, status, started_at, services, words FROM (SELECT i.id, i.title,"
                + " i.severity, i.status, i.started_at, (SELECT COUNT(*) FROM incident_service s"
                + " WHERE s.incident_id = i.id AND s.service_id IN (" + services + ")) AS services, " + shared
                + " AS words FROM (SELECT * FROM incident i WHERE i.started_at < :started AND i.id <> :id AND ("
                + sharesAWord + " OR EXISTS (SELECT 1 FROM incident_service s WHERE s.incident_id = i.id"
                + " AND s.service_id IN (" + services + "))) ORDER BY i.started_at DESC, i.id DESC"
                + " LIMIT :candidates) i) c WHERE services > 0 OR words > 0"
                + " ORDER BY 2 * services + words DESC, started_at DESC, id DESC LIMIT :limit";
        List<Similar> similar = new ArrayList<>();
        for (Object[] row : Rows.list(entityManager, sql, parameters)) {
            similar.add(new Similar(Rows.number(row[0]), (String) row[1], Rows.severity(row[2]), Rows.status(row[3]),
                    Rows.instant(row[4]), Rows.number(row[5]), Rows.number(row[6])));
        }
        return similar;
    }
}
