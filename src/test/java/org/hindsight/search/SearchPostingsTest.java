package org.hindsight.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.persistence.EntityManager;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionCommands.ActionFields;
import org.hindsight.action.ActionItemService;
import org.hindsight.action.ActionType;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.search.TextSearch.Ranked;
import org.hindsight.search.TextSearch.RankedIncident;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On PostgreSQL a one-word search reads its scores from {@code search_posting} (V30), kept by triggers: whatever
 * changes an incident's text, its timeline or its action items, a one-word search finds, ranks, counts and filters
 * exactly as ranking every match from the text does (the same search with the postings turned off), and the
 * incident list's filter lists the same incidents.
 */
@DatabaseTest
@EnabledIfSystemProperty(named = "hindsight.test.database", matches = "postgres")
class SearchPostingsTest {

    private static final Random RANDOM = new Random();

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Autowired
    EntityManager entityManager;

    @Autowired
    TransactionTemplate transactions;

    private HindsightUser lead;
    private IncidentRecords records;
    private PostgresTextSearch withPostings;
    private PostgresTextSearch fromText;

    /** Words no other test uses: letters only. */
    private final String common = word();
    private final String rare = word();
    private final String service = "svc-" + word();

    @BeforeEach
    void setUp() {
        lead = users.create("postings-lead", Role.MANAGER);
        records = new IncidentRecords(incidents, timeline, actions, lead);
        withPostings = new PostgresTextSearch(entityManager, true, java.time.Duration.ofSeconds(7));
        fromText = new PostgresTextSearch(entityManager, false, java.time.Duration.ofSeconds(7));
    }

    /** Letters only, and an ending the English stemmer leaves as it is (a random "…ed" or "…s" would be cut). */
    private static String word() {
        StringBuilder word = new StringBuilder("zp");
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return word.append("qx").toString();
    }

    private Ranked rank(PostgresTextSearch search, String q, SearchFilter filter, long offset, int limit) {
        return transactions.execute(status -> search.rank(SearchQuery.parse(q), filter, offset, limit));
    }

    @SuppressWarnings("unchecked")
    private List<Long> listed(PostgresTextSearch search, String q) {
        return transactions.execute(status -> {
            var condition = search.condition(SearchQuery.parse(q));
            var query = entityManager.createNativeQuery("SELECT i.id FROM incident i WHERE "
                    + condition.sql().replaceFirst("\\?", "i.id").replace("?", ":a") + " ORDER BY i.id");
            condition.arguments().forEach(argument -> query.setParameter("a", argument));
            return ((List<Number>) query.getResultList()).stream().map(Number::longValue).toList();
        });
    }

    /** The incidents in order, each with its score to the last bit. */
    private static List<String> order(Ranked ranked) {
        return ranked.rows().stream().map(r -> r.id() + "@" + r.score()).toList();
    }

    /** Every page size, offset and filter: the same incidents, order, scores and totals both ways. */
    private void sameBothWays(String q, int expectedMatches) {
        Ranked all = rank(fromText, q, SearchFilter.none(), 0, 100);
        assertThat(all.total()).as("matches of %s", q).isEqualTo(expectedMatches);
        assertThat(order(rank(withPostings, q, SearchFilter.none(), 0, 100))).as(q).isEqualTo(order(all));
        for (int limit : new int[] {1, 2, 3}) {
            for (long offset = 0; offset <= expectedMatches + 1; offset++) {
                Ranked expected = rank(fromText, q, SearchFilter.none(), offset, limit);
                Ranked actual = rank(withPostings, q, SearchFilter.none(), offset, limit);
                assertThat(order(actual)).as("%s, %d from %d", q, limit, offset).isEqualTo(order(expected));
                assertThat(actual.total()).as("total of %s, %d from %d", q, limit, offset)
                        .isEqualTo(expected.total());
            }
        }
        List<SearchFilter> filters = List.of(
                new SearchFilter(Severity.SEV1, null, null, null, null, null),
                new SearchFilter(null, service, null, null, null, null),
                new SearchFilter(null, null, null, null, Instant.parse("2024-03-02T00:00:00Z"),
                        Instant.parse("2024-03-05T00:00:00Z")),
                new SearchFilter(Severity.SEV3, service, LocalDate.of(2024, 3, 1), null,
                        Instant.parse("2024-03-01T00:00:00Z"), null));
        for (SearchFilter filter : filters) {
            for (long offset = 0; offset <= 2; offset++) {
                Ranked expected = rank(fromText, q, filter, offset, 1);
                Ranked actual = rank(withPostings, q, filter, offset, 1);
                assertThat(order(actual)).as("%s, %s from %d", q, filter, offset).isEqualTo(order(expected));
                assertThat(actual.total()).as("total of %s, %s", q, filter).isEqualTo(expected.total());
            }
        }
        assertThat(listed(withPostings, q)).as("the list's filter %s", q).isEqualTo(listed(fromText, q))
                .hasSize(expectedMatches);
    }

    private List<Long> ids(String q) {
        return rank(withPostings, q, SearchFilter.none(), 0, 100).rows().stream().map(RankedIncident::id).toList();
    }

    @Test
    void aOneWordSearchRanksCountsAndFiltersAsRankingTheTextDoesWhateverChanges() {
        Instant march = Instant.parse("2024-03-01T10:00:00Z");
        String inTitle = records.declare("Checkout " + common + " " + common, Severity.SEV1, march, service);
        String inRootCause = records.declare("Payments slow", Severity.SEV3, march.plusSeconds(86_400), service);
        records.edit(inRootCause, c -> c.rootCause("The " + common + " came from a retry storm; " + common + " again, "
                + common + " and " + common + " once more"));
        String inImpact = records.declare("Search down", Severity.SEV3, march.plusSeconds(2 * 86_400), "other-" + service);
        records.edit(inImpact, c -> c.impact("Users saw the " + common + " page").lessons("Watch the " + rare + " queue"));
        String inTimeline = records.declare("Login errors", Severity.SEV2, march.plusSeconds(3 * 86_400), service);
        long timelineEvent = records.event(inTimeline, "Seen " + common + " in the logs of " + rare);
        String inAction = records.declare("Queue backlog", Severity.SEV3, march.plusSeconds(4 * 86_400));
        long actionItem = records.action(inAction, "Alert on " + common, "Page when the " + rare + " grows");
        String everywhere = records.declare(common + " storm", Severity.SEV3, march.plusSeconds(4 * 86_400), service);
        records.event(everywhere, common + " again");
        records.action(everywhere, "Fix the " + common, null);
        // the same score as another, so that the start and then the id decide
        String twin = records.declare("Checkout " + common + " " + common, Severity.SEV1, march, service);

        sameBothWays(common, 7);
        sameBothWays(rare, 3);
        assertThat(ids(common).get(0)).as("title, timeline and action item first")
                .isEqualTo(incidents.idOf(everywhere));

        // text changed: gone from a title, come to a root cause, a start moved
        records.edit(inTitle, c -> c.title("Checkout slow").rootCauseSummary("A " + rare + " in the pool"));
        records.edit(twin, c -> c.time(SummaryTime.STARTED, march.plusSeconds(9 * 86_400)));
        sameBothWays(common, 6);
        sameBothWays(rare, 4);
        assertThat(ids(common)).doesNotContain(incidents.idOf(inTitle));

        // a timeline event deleted, and restored; an action item reworded
        timeline.setDeleted(lead, incidents.idOf(inTimeline), timelineEvent, true);
        sameBothWays(common, 5);
        sameBothWays(rare, 3);
        assertThat(ids(rare)).doesNotContain(incidents.idOf(inTimeline));
        timeline.setDeleted(lead, incidents.idOf(inTimeline), timelineEvent, false);
        sameBothWays(common, 6);
        actions.update(lead, actionItem, new ActionFields("Alert on the backlog", "Page when the " + rare + " grows",
                ActionType.CORRECTIVE, ActionCategory.TASK, null, null, null, null, null, null,
                actions.get(lead, actionItem).version()));
        sameBothWays(common, 5);
        sameBothWays(rare, 4);

        // a word that comes only with a new event, then with a new action item elsewhere
        String late = word();
        records.event(inImpact, "Now also " + late);
        records.action(inRootCause, "Look at " + late, late);
        sameBothWays(late, 2);
        assertThat(ids(late)).containsExactly(incidents.idOf(inRootCause), incidents.idOf(inImpact));
    }

    @Test
    void aOneWordSearchReadsThePostingsAndNoOtherSearchDoes() {
        String key = records.declare("Disk " + common, Severity.SEV3, Instant.parse("2024-04-01T10:00:00Z"));
        String other = records.declare("Disk " + common + " " + common, Severity.SEV3, Instant.parse("2024-04-02T10:00:00Z"));
        // numbers no other test uses (the database is shared): one alone, one with a sign after it
        String number = String.valueOf(100_000_000 + RANDOM.nextInt(800_000_000));
        String cubed = String.valueOf(100_000_000 + RANDOM.nextInt(800_000_000)) + "\u00b3";
        records.event(key, "Disk " + number + " full, " + cubed + " blocks");
        for (String q : new String[] {common, common.toUpperCase(), " " + common + " "}) {
            assertThat(transactions.<String>execute(s -> withPostings.prepare(SearchQuery.parse(q), false))).as(q)
                    .isEqualTo(common);
        }
        assertThat(transactions.<String>execute(s -> withPostings.prepare(SearchQuery.parse("Errors"), false)))
                .as("stemmed").isEqualTo("error");
        for (String q : new String[] {common + " disk", "\"disk " + common + "\"", common + " or disk",
                "-disk " + common, number, cubed}) {
            assertThat(transactions.<String>execute(s -> withPostings.prepare(SearchQuery.parse(q), false))).as(q)
                    .isNull();
            assertThat(order(rank(withPostings, q, SearchFilter.none(), 0, 10))).as(q)
                    .isEqualTo(order(rank(fromText, q, SearchFilter.none(), 0, 10)));
        }
        for (String q : new String[] {number, cubed, "disk full", "the"}) {
            assertThat(transactions.<Object>execute(s -> entityManager.createNativeQuery("SELECT search_lexeme(:q)")
                    .setParameter("q", q).getSingleResult())).as("the database's own check of %s", q).isNull();
        }
        assertThat(ids(number)).containsExactly(incidents.idOf(key));
        assertThat(ids(cubed)).as("a number with a sign after it is a number")
                .containsExactly(incidents.idOf(key));
        assertThat(listed(withPostings, cubed)).containsExactly(incidents.idOf(key));

        // the page and its total come from the postings: a score changed there (and only there) moves the page
        long first = incidents.idOf(other);
        long second = incidents.idOf(key);
        assertThat(ids(common)).containsExactly(first, second);
        transactions.executeWithoutResult(status -> {
            entityManager.createNativeQuery("UPDATE search_posting SET score = 99 WHERE word = :w AND incident_id = :id")
                    .setParameter("w", common).setParameter("id", second).executeUpdate();
            Ranked read = withPostings.rank(SearchQuery.parse(common), SearchFilter.none(), 0, 10);
            assertThat(read.rows()).extracting(RankedIncident::id).containsExactly(second, first);
            assertThat(read.rows().get(0).score()).isEqualTo(99.0);
            assertThat(fromText.rank(SearchQuery.parse(common), SearchFilter.none(), 0, 10).rows())
                    .extracting(RankedIncident::id).containsExactly(first, second);
            status.setRollbackOnly();
        });
    }

    @Test
    void thePostingsOfAnIncidentAreTheOnesItsTextGivesAfterEveryChange() {
        String key = records.declare("Cache " + common, Severity.SEV3, Instant.parse("2024-05-01T10:00:00Z"));
        records.event(key, rare + " seen");
        long item = records.action(key, "Warm the " + common, null);
        records.edit(key, c -> c.notes("More on " + rare));
        actions.update(lead, item, new ActionFields("Warm it", null, ActionType.CORRECTIVE, ActionCategory.TASK, null,
                null, null, null, null, null, actions.get(lead, item).version()));
        long id = incidents.idOf(key);
        List<?> stored = transactions.execute(s -> entityManager.createNativeQuery(
                "SELECT word, score, started_at FROM search_posting WHERE incident_id = :id ORDER BY word")
                .setParameter("id", id).getResultList());
        List<?> fresh = transactions.execute(s -> entityManager.createNativeQuery(
                "SELECT word, score, started_at FROM search_postings_of(ARRAY[CAST(:id AS bigint)], NULL) ORDER BY word")
                .setParameter("id", id).getResultList());
        assertThat(toStrings(stored)).isEqualTo(toStrings(fresh)).isNotEmpty();
    }

    /**
     * A search's statements are planned for their values and run by one process (a ranked page gathered from parallel
     * workers spent most of its time starting them), each bounded in the database by the search's time. The settings
     * hold for the search's transaction only, and cost no statement of their own.
     */
    @Test
    void aSearchIsPlannedForItsValuesAndRunWithoutParallelWorkers() {
        String settings = "SELECT current_setting('plan_cache_mode') || ' ' "
                + "|| current_setting('max_parallel_workers_per_gather') || ' ' || current_setting('statement_timeout')";
        String before = (String) transactions.execute(s -> entityManager.createNativeQuery(settings)
                .getSingleResult());
        for (String q : List.of("4999", common, "\"" + common + " cache\" -" + rare)) {
            String during = (String) transactions.execute(s -> {
                withPostings.rank(SearchQuery.parse(q), SearchFilter.none(), 0, 10);
                return entityManager.createNativeQuery(settings).getSingleResult();
            });
            assertThat(during).as(q).isEqualTo("force_custom_plan 0 7s");
        }
        assertThat((String) transactions.execute(s -> entityManager.createNativeQuery(settings).getSingleResult()))
                .as("after the search's transaction").isEqualTo(before).isNotEqualTo("force_custom_plan 0 7s");
    }

    private static List<String> toStrings(List<?> rows) {
        List<String> strings = new ArrayList<>();
        for (Object row : rows) {
            strings.add(java.util.Arrays.deepToString((Object[]) row));
        }
        return strings;
    }
}
