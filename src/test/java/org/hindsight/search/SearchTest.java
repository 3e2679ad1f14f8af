package org.hindsight.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.support.ApiCalls.problemNaming;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.hindsight.action.ActionItemService;
import org.hindsight.incident.IncidentService;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.system.SharedChanges;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The search, on H2 and on PostgreSQL alike: text in every field searched is found, a title match ranks above a
 * timeline match, phrases, left-out words and "or" work, Unicode and Markdown punctuation are words as people read
 * them, deleted events are never found, the snippets escape the user's text and mark only the words found, bad
 * parameters are named, the incident list's filter is the same search, similar incidents, and a page of results
 * costs the same statements for one result as for 25.
 */
@DatabaseTest
class SearchTest {

    private static final Random RANDOM = new Random();

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    ActionItemService actions;

    @Autowired
    SharedChanges sharedChanges;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    private ApiCalls api;
    private HindsightUser lead;
    private IncidentRecords records;
    private HindsightUser viewer;

    @BeforeEach
    void setUp() {
        api = new ApiCalls(mvc, json, "10.83");
        lead = users.create("search-lead", Role.MANAGER);
        viewer = users.create("search-viewer", Role.VIEWER);
        records = new IncidentRecords(incidents, timeline, actions, lead);
    }

    /** A word no other test uses: letters only, so that every database reads it as one word. */
    private static String word() {
        StringBuilder word = new StringBuilder("zq");
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return word.toString();
    }

    private JsonNode search(String q) throws Exception {
        return search(get("/api/search").param("q", q));
    }

    private JsonNode search(MockHttpServletRequestBuilder request) throws Exception {
        String body = mvc.perform(request.with(api.basic(viewer))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json.readTree(body);
    }

    private static List<String> keys(JsonNode answer) {
        List<String> keys = new ArrayList<>();
        answer.get("items").forEach(item -> keys.add(item.get("key").asString()));
        return keys;
    }

    /** Where each result matched ({@code in} of its matches). */
    private static List<String> places(JsonNode item) {
        List<String> places = new ArrayList<>();
        item.get("matches").forEach(match -> places.add(match.get("in").asString()));
        return places;
    }

    /** The marked words of a match's snippet. */
    private static List<String> marked(JsonNode match) {
        List<String> marked = new ArrayList<>();
        match.get("snippet").forEach(part -> {
            if (part.get("match").asBoolean()) {
                marked.add(part.get("text").asString());
            }
        });
        return marked;
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void findsTextInEveryFieldSearched() throws Exception {
        String[] fields = {"title", "impact", "rootCauseSummary", "rootCause", "resolution", "contributingFactors",
            "lessons", "notes"};
        for (String field : fields) {
            String w = word();
            String key = records.declare(field.equals("title") ? "Outage with " + w : "Outage", null);
            String text = "Some text around " + w + " in the " + field + ".";
            switch (field) {
                case "impact" -> records.edit(key, b -> b.impact(text));
                case "rootCauseSummary" -> records.edit(key, b -> b.rootCauseSummary(text));
                case "rootCause" -> records.edit(key, b -> b.rootCause(text));
                case "resolution" -> records.edit(key, b -> b.resolution(text));
                case "contributingFactors" -> records.edit(key, b -> b.contributingFactors(text));
                case "lessons" -> records.edit(key, b -> b.lessons(text));
                case "notes" -> records.edit(key, b -> b.notes(text));
                default -> { }
            }
            JsonNode found = search(w);
            assertThat(keys(found)).as(field).containsExactly(key);
            assertThat(places(found.get("items").get(0))).as(field).containsExactly(field);
            assertThat(marked(found.get("items").get(0).get("matches").get(0))).as(field).containsExactly(w);
        }

        String inEvent = word();
        String inActionTitle = word();
        String inActionDetails = word();
        String key = records.declare("Outage", null);
        long eventId = records.event(key, "Restarted the " + inEvent + " pods");
        records.action(key, "Alert on " + inActionTitle, "Details: watch " + inActionDetails + " closely");

        JsonNode byEvent = search(inEvent).get("items");
        assertThat(byEvent).hasSize(1);
        assertThat(byEvent.get(0).get("key").asString()).isEqualTo(key);
        assertThat(places(byEvent.get(0))).containsExactly("timeline");
        assertThat(byEvent.get(0).get("matches").get(0).get("id").asLong()).isEqualTo(eventId);
        assertThat(byEvent.get(0).get("timelineMatches").asLong()).isEqualTo(1);
        assertThat(places(search(inActionTitle).get("items").get(0))).containsExactly("action");
        JsonNode byDetails = search(inActionDetails).get("items").get(0).get("matches").get(0);
        assertThat(byDetails.get("in").asString()).isEqualTo("action");
        assertThat(byDetails.get("details").toString()).contains(inActionDetails);
    }

    @Test
    void numbersAndAlternativesAreFoundInEventsAndItems() throws Exception {
        String number = Long.toString(1_000_000_000L + RANDOM.nextInt(1_000_000_000));
        String inEvent = word();
        String inItem = word();
        String first = records.declare("Outage", null);
        records.event(first, "Deploy #" + number + " rolled out, " + inEvent + " saw it");
        String second = records.declare("Outage", null);
        records.action(second, "Review " + inItem, null);
        assertThat(keys(search(number))).containsExactly(first);
        assertThat(keys(search(inEvent + " or " + inItem))).containsExactlyInAnyOrder(first, second);
        assertThat(keys(search(inEvent + " or " + number))).containsExactly(first);
        assertThat(keys(search("\"" + number + " rolled\""))).containsExactly(first);
    }

    @Test
    void aTitleMatchRanksAboveATimelineMatch() throws Exception {
        String w = word();
        // the timeline match is the newer incident: only its rank can put the title match first
        String inTitle = records.declare("Database failover " + w, Instant.parse("2024-01-01T10:00:00Z"));
        String inTimeline = records.declare("Database failover", Instant.parse("2024-06-01T10:00:00Z"));
        records.event(inTimeline, "Checked " + w + " twice, " + w + " again and once more " + w);
        String inRootCause = records.declare("Something else", Instant.parse("2024-03-01T10:00:00Z"));
        records.edit(inRootCause, b -> b.rootCause("It was " + w));

        assertThat(keys(search(w))).containsExactly(inTitle, inRootCause, inTimeline);
        assertThat(page(get("/search").param("q", w).with(user(viewer))))
                .containsSubsequence(inTitle, inRootCause, inTimeline);
    }

    @Test
    void phrasesLeftOutWordsAndOr() throws Exception {
        String a = word();
        String b = word();
        String left = word();
        String inOrder = records.declare("Outage", null);
        records.edit(inOrder, x -> x.impact("The " + a + " " + b + " broke, " + a + ", " + b + "."));
        String reversed = records.declare("Outage " + b + " " + a, null);
        String apart = records.declare("Outage", null);
        records.event(apart, a + " first, then much later " + b + " and " + left);

        assertThat(keys(search(a + " " + b))).containsExactlyInAnyOrder(inOrder, reversed, apart);
        assertThat(keys(search("\"" + a + " " + b + "\""))).containsExactly(inOrder);
        assertThat(keys(search("\"" + a + ", " + b + "\""))).as("punctuation between words").containsExactly(inOrder);
        assertThat(keys(search(a + " " + b + " -" + left))).containsExactlyInAnyOrder(inOrder, reversed);
        assertThat(keys(search(a + " -\"" + a + " " + b + "\""))).containsExactlyInAnyOrder(reversed, apart);
        assertThat(keys(search(left + " or \"" + b + " " + a + "\""))).containsExactlyInAnyOrder(reversed, apart);
        assertThat(keys(search("the " + left))).as("stop words are not searched").containsExactly(apart);
        // all words of one alternative must be in one record: the incident's text, one event or one action item
        String spread = records.declare("Outage " + a + " and " + word(), null);
        records.event(spread, "mentions " + left);
        assertThat(keys(search(a + " " + left))).containsExactly(apart);
        assertThat(keys(search(a + " " + left))).doesNotContain(spread);
    }

    @Test
    void unicodeWordsAndCaseAreFound() throws Exception {
        String w = word();
        String key = records.declare("Überlastung im Rechenzentrum " + w, null);
        records.event(key, "Σφάλμα δικτύου στο " + w + " · 障害 発生 · naïve café");
        assertThat(keys(search("ÜBERLASTUNG " + w))).containsExactly(key);
        assertThat(keys(search("überlastung " + w))).containsExactly(key);
        assertThat(keys(search("ΣΦΆΛΜΑ " + w))).containsExactly(key);
        assertThat(keys(search("障害 " + w))).containsExactly(key);
        assertThat(keys(search("CAFÉ naïve " + w))).containsExactly(key);
        JsonNode title = search("überlastung " + w).get("items").get(0).get("matches").get(0);
        assertThat(marked(title)).containsExactly("Überlastung", w);
    }

    @Test
    void markdownPunctuationSeparatesWords() throws Exception {
        String w = word();
        String key = records.declare("Cache outage " + w, null);
        records.edit(key, b -> b.rootCause("**OOMKilled** pods in `redis-cache` after an _eviction_storm_; see"
                + " [the runbook](https://example.com/runbook) and `connection_pool` > 90 % on db-01.prod.example.com;"
                + " /etc/hosts edited <nil> by ops@example.com, v1.2.3"));
        assertThat(keys(search("oomkilled " + w))).containsExactly(key);
        assertThat(keys(search("redis-cache " + w))).containsExactly(key);
        assertThat(keys(search("\"redis cache\" " + w))).containsExactly(key);
        assertThat(keys(search("eviction storm " + w))).containsExactly(key);
        assertThat(keys(search("runbook " + w))).containsExactly(key);
        assertThat(keys(search("connection_pool " + w))).containsExactly(key);
        assertThat(keys(search("**OOMKilled** `" + w + "`"))).containsExactly(key);
        // punctuation separates words, in host names, paths, addresses and versions too
        assertThat(keys(search("db-01 " + w))).containsExactly(key);
        assertThat(keys(search("prod.example.com " + w))).containsExactly(key);
        assertThat(keys(search("hosts " + w))).containsExactly(key);
        assertThat(keys(search("/etc/hosts " + w))).containsExactly(key);
        assertThat(keys(search("nil ops " + w))).containsExactly(key);
        assertThat(keys(search("\"v1.2.3\" " + w))).containsExactly(key);
        assertThat(keys(search("\"v1.2.4\" " + w))).isEmpty();
        JsonNode rootCause = search("oomkilled " + w).get("items").get(0).get("matches").get(1);
        assertThat(rootCause.get("in").asString()).isEqualTo("rootCause");
        assertThat(marked(rootCause)).containsExactly("OOMKilled");
    }

    @Test
    void deletedEventsAreNeverFound() throws Exception {
        String w = word();
        String key = records.declare("Outage", null);
        long id = records.event(key, "A mistaken line about " + w);
        long incidentId = incidents.idOf(key);
        timeline.setDeleted(lead, incidentId, id, true);
        assertThat(keys(search(w))).isEmpty();
        // not for the viewer, not for those who may see deleted events on the incident page, not in the list
        assertThat(page(get("/search").param("q", w).with(user(lead)))).doesNotContain(key + "<").doesNotContain(
                "mistaken line");
        assertThat(page(get("/incidents").param("q", w).with(user(lead)))).doesNotContain(key + "<");
        timeline.setDeleted(lead, incidentId, id, false);
        assertThat(keys(search(w))).containsExactly(key);

        // an edit: the old words are no longer found, the new ones are (alone and with another word)
        String edited = word();
        var row = timeline.event(lead, incidentId, id);
        timeline.edit(lead, incidentId, id, new TimelineService.EventChange("A corrected line about " + edited,
                row.at(), row.kind(), row.keyMoments(), row.version()));
        assertThat(keys(search(w))).isEmpty();
        assertThat(keys(search(edited))).containsExactly(key);
        assertThat(keys(search("corrected " + edited))).containsExactly(key);
        assertThat(keys(search("mistaken " + edited))).isEmpty();
    }

    @Test
    void everySignedInUserSearchesEveryIncidentAndNobodyElse() throws Exception {
        String w = word();
        String key = records.declare("Outage " + w, null);
        for (Role role : Role.values()) {
            HindsightUser someone = users.create("search-" + role.name().toLowerCase(), role);
            assertThat(page(get("/search").param("q", w).with(user(someone)))).contains(key);
        }
        mvc.perform(get("/search").param("q", w)).andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/search").param("q", w)).andExpect(status().isUnauthorized());
    }

    @Test
    void snippetsEscapeTheTextAndMarkOnlyTheWordsFound() throws Exception {
        String w = word();
        String key = records.declare("<img src=x onerror=alert(1)> " + w, null);
        records.event(key, "<script>alert('" + w + "')</script> & <b>bold</b> " + w);
        String html = page(get("/search").param("q", w).with(user(viewer)));
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b>bold")
                .contains("&lt;/script&gt;").contains("&lt;b&gt;bold&lt;/b&gt;").contains("<mark>" + w + "</mark>");
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("#result-" + key + " mark").eachText()).containsOnly(w);
        assertThat(doc.select("#result-" + key + " .snippet *").stream().map(e -> e.tagName()).distinct())
                .containsOnly("mark");
    }

    @Test
    void theResultsArePagedAndFiltered() throws Exception {
        String w = word();
        String service = "svc-" + word();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            keys.add(records.declare("Outage " + w + " #" + i, Instant.parse("2024-05-01T10:00:00Z").plusSeconds(86_400L * i),
                    i % 2 == 0 ? service : "other-" + service));
        }
        JsonNode first = search(get("/api/search").param("q", w));
        assertThat(first.get("total").asLong()).isEqualTo(27);
        assertThat(keys(first)).hasSize(25).startsWith(keys.get(26)).doesNotContain(keys.get(0));
        assertThat(keys(search(get("/api/search").param("q", w).param("page", "1")))).containsExactly(keys.get(1),
                keys.get(0));
        assertThat(keys(search(get("/api/search").param("q", w).param("page", "9")))).isEmpty();
        assertThat(search(get("/api/search").param("q", w).param("page", "9")).get("total").asLong()).isEqualTo(27);
        assertThat(search(get("/api/search").param("q", w).param("service", service)).get("total").asLong())
                .isEqualTo(14);
        assertThat(keys(search(get("/api/search").param("q", w).param("from", "2024-05-03").param("to", "2024-05-04"))))
                .containsExactly(keys.get(3), keys.get(2));
        assertThat(search(get("/api/search").param("q", w).param("severity", "SEV1")).get("total").asLong()).isZero();

        String html = page(get("/search").param("q", w).param("page", "1").with(user(viewer)));
        assertThat(html).contains("Page 2 of 2 (27 in all)").contains(keys.get(0));
    }

    @Test
    void datesAreDaysInTheViewersZone() throws Exception {
        HindsightUser tokyo = users.create("search-tokyo", java.time.ZoneId.of("Asia/Tokyo"), Role.VIEWER);
        String w = word();
        // 2024-05-02 01:00 in Tokyo, still 2024-05-01 in UTC
        String key = records.declare("Outage " + w, Instant.parse("2024-05-01T16:00:00Z"));
        assertThat(page(get("/search").param("q", w).param("from", "2024-05-02").with(user(tokyo)))).contains(key);
        assertThat(page(get("/search").param("q", w).param("to", "2024-05-01").with(user(tokyo))))
                .doesNotContain(key + "<");
        assertThat(keys(search(get("/api/search").param("q", w).param("to", "2024-05-01")))).containsExactly(key);
    }

    @Test
    void badParametersAreNamed() throws Exception {
        mvc.perform(get("/api/search").with(api.basic(viewer))).andExpect(status().isBadRequest())
                .andExpect(problemNaming("q"));
        mvc.perform(get("/api/search").param("q", "-" + word()).with(api.basic(viewer)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("q"));
        mvc.perform(get("/api/search").param("q", "the of").with(api.basic(viewer)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("q"));
        mvc.perform(get("/api/search").param("q", "x".repeat(501)).with(api.basic(viewer)))
                .andExpect(status().isBadRequest()).andExpect(problemNaming("q"));
        for (String[] bad : new String[][] {{"severity", "SEV9"}, {"from", "2024-13-01"}, {"to", "yesterday"},
            {"page", "-1"}, {"size", "1000"}}) {
            mvc.perform(get("/api/search").param("q", "outage").param(bad[0], bad[1]).with(api.basic(viewer)))
                    .andExpect(status().isBadRequest()).andExpect(problemNaming(bad[0]));
        }
        mvc.perform(get("/api/search").param("q", "outage").param("from", "2024-05-02").param("to", "2024-05-01")
                .with(api.basic(viewer))).andExpect(status().isBadRequest()).andExpect(problemNaming("to"));

        Document page = Jsoup.parse(page(get("/search").param("q", "outage").param("from", "someday")
                .param("severity", "SEV9").with(user(viewer))));
        assertThat(page.select("#filter-problems").text()).contains("from \"someday\"").contains("severity \"SEV9\"");
        Document nothing = Jsoup.parse(page(get("/search").param("q", "-outage").with(user(viewer))));
        assertThat(nothing.select("#search-q-error").text()).startsWith("Say what to find");
        assertThat(nothing.select("#search-q").attr("aria-invalid")).isEqualTo("true");
        assertThat(nothing.select(".search-result")).isEmpty();
    }

    @Test
    void theIncidentListFiltersWithTheSameSearch() throws Exception {
        String w = word();
        String inEvent = records.declare("Outage", null);
        records.event(inEvent, "Only the timeline says " + w);
        String inTitle = records.declare("Outage " + w + " repeated", null);
        assertThat(page(get("/incidents").param("q", w).with(user(viewer)))).contains(inEvent).contains(inTitle);
        JsonNode list = json.readTree(mvc.perform(get("/api/incidents").param("q", w + " -repeated")
                .with(api.basic(viewer))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.get("items").get(0).get("key").asString()).isEqualTo(inEvent);
    }

    @Test
    void similarIncidentsAreEarlierOnesSharingServicesAndWords() throws Exception {
        String w = word();
        String service = "svc-" + word();
        String earlier = records.declare("Payment gateway timeouts " + w, Instant.parse("2023-02-01T10:00:00Z"), service);
        records.edit(earlier, b -> b.rootCause("Connection pool of the " + w + " proxy exhausted"));
        String unrelated = records.declare("Office printer jammed", Instant.parse("2023-03-01T10:00:00Z"));
        String now = records.declare("Payment gateway timeouts again " + w, Instant.parse("2024-02-01T10:00:00Z"), service);
        String later = records.declare("Payment gateway timeouts once more " + w, Instant.parse("2025-02-01T10:00:00Z"),
                service);

        Document page = Jsoup.parse(page(get("/incidents/" + now).with(user(viewer))));
        List<String> similar = page.select("#similar-incidents li a .result-key").eachText();
        assertThat(similar).hasSizeLessThanOrEqualTo(5).startsWith(earlier).doesNotContain(unrelated, later, now);
        assertThat(page.select("#similar-incidents li").first().text()).contains("1 shared service")
                .containsPattern("\\d+ shared words");
        Document first = Jsoup.parse(page(get("/incidents/" + earlier).with(user(viewer))));
        assertThat(first.select("#similar-incidents li a .result-key").eachText()).doesNotContain(now, later);
    }

    private long statementsFor(MockHttpServletRequestBuilder request) throws Exception {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        sharedChanges.poll();
        mvc.perform(request).andExpect(status().isOk());
        statistics.clear();
        mvc.perform(request).andExpect(status().isOk());
        return statistics.getPrepareStatementCount();
    }

    @Test
    void aPageOfResultsRunsTheSameStatementsForOneResultAsFor25() throws Exception {
        String one = word();
        String many = word();
        String single = records.declare("Outage " + one, null);
        records.event(single, "seen " + one);
        records.action(single, "Fix " + one, "Details on " + one);
        for (int i = 0; i < 25; i++) {
            String key = records.declare("Outage " + many + " " + i, null);
            records.event(key, "seen " + many);
            records.event(key, "seen " + many + " again");
            records.event(key, "seen " + many + " a third time");
            records.action(key, "Fix " + many, "Details on " + many);
            records.edit(key, b -> b.rootCause("Caused by " + many).impact("Impact of " + many));
        }
        long forOne = statementsFor(get("/search").param("q", one).with(user(viewer)));
        long forMany = statementsFor(get("/search").param("q", many).with(user(viewer)));
        assertThat(forMany).as("statements for 25 results vs 1").isEqualTo(forOne);
        long apiForOne = statementsFor(get("/api/search").param("q", one).with(user(viewer)));
        long apiForMany = statementsFor(get("/api/search").param("q", many).with(user(viewer)));
        assertThat(apiForMany).isEqualTo(apiForOne).isLessThanOrEqualTo(3);
    }
}
