package org.hindsight.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import org.hindsight.action.ActionItemService;
import org.hindsight.incident.IncidentService;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.timeline.TimelineService;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Searches cannot take the database from everyone else: at most {@code hindsight.search.concurrent} run at once, the
 * others wait for their turn without a connection and are answered 503 busy (saying so, the words kept) when it does
 * not come in time; a search that runs out of time is cancelled in the database and answered 503 too. The search
 * page and API and the incident list's words filter, on the page and the API, alike; the list without words is not
 * held back.
 */
@DatabaseTest
@TestPropertySource(properties = {"hindsight.search.concurrent=2", "hindsight.search.wait=1s",
    "hindsight.search.timeout=1s"})
class SearchGateTest {

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
    SearchGate gate;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    jakarta.persistence.EntityManager entityManager;

    @Autowired
    org.hindsight.incident.IncidentTextFilter textFilter;

    private final ExecutorService threads = Executors.newFixedThreadPool(12);
    private final CountDownLatch release = new CountDownLatch(1);
    private ApiCalls api;
    private HindsightUser viewer;
    private String word;
    private String key;

    @BeforeEach
    void setUp() {
        api = new ApiCalls(mvc, json, "10.84");
        HindsightUser lead = users.create("gate-lead", Role.MANAGER);
        viewer = users.create("gate-viewer", Role.VIEWER);
        word = "zqgate" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "x");
        IncidentRecords records = new IncidentRecords(incidents, timeline, actions, lead);
        key = records.declare("Checkout " + word + " failing", Instant.parse("2024-03-01T10:00:00Z"), "checkout");
        records.event(key, "The " + word + " error rate rose");
    }

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    /** Takes every turn the gate has, each inside its own read as a running search would be, until released. */
    private List<Future<?>> holdEveryTurn(int turns) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(turns);
        List<Future<?>> held = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            held.add(threads.submit(() -> gate.read(() -> {
                holding.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            })));
        }
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        return held;
    }

    private MockHttpServletResponse send(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private double refused(String reason) {
        var counter = meters.find("hindsight.search.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void searchesBeyondTheLimitWaitTheirTurnAndAreAnsweredBusyWithTheWordsKept() throws Exception {
        List<Future<?>> held = holdEveryTurn(2);
        double busyBefore = refused("busy");

        long started = System.nanoTime();
        MockHttpServletResponse page = send(get("/search?q={q}&severity=SEV3", word + " rate").with(user(viewer)));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(page.getStatus()).isEqualTo(503);
        assertThat(page.getHeader("Retry-After")).isNotBlank();
        assertThat(waitedMillis).as("waited for its turn, up to the wait").isBetween(900L, 8_000L);
        Document html = Jsoup.parse(page.getContentAsString(StandardCharsets.UTF_8));
        assertThat(html.getElementById("search-not-finished").text())
                .contains("too many searches were running").contains("waited 1 second for its turn");
        assertThat(html.getElementById("search-q").val()).isEqualTo(word + " rate");
        assertThat(html.select("#search-severity option[selected]").val()).isEqualTo("SEV3");
        assertThat(html.select("#search-not-finished a").attr("href")).startsWith("/search?").contains("severity=SEV3");
        assertThat(html.getElementById("search-count")).isNull();

        MockHttpServletResponse apiAnswer = send(get("/api/search").param("q", word).with(api.basic(viewer)));
        assertThat(apiAnswer.getStatus()).isEqualTo(503);
        assertThat(apiAnswer.getContentType()).startsWith("application/problem+json");
        assertThat(apiAnswer.getHeader("Retry-After")).isNotBlank();
        JsonNode problem = json.readTree(apiAnswer.getContentAsString(StandardCharsets.UTF_8));
        assertThat(problem.get("detail").asString()).contains("too many searches were running");

        // the incident list's words filter is a search too; the list without words is not held back
        MockHttpServletResponse list = send(get("/incidents").param("q", word).with(user(viewer)));
        assertThat(list.getStatus()).isEqualTo(503);
        assertThat(Jsoup.parse(list.getContentAsString(StandardCharsets.UTF_8)).getElementById("busy-reason").text())
                .contains("too many searches were running");
        assertThat(send(get("/api/incidents").param("q", word).with(api.basic(viewer))).getStatus()).isEqualTo(503);
        // (gated, it would have waited its second and been refused like the others)
        assertThat(send(get("/incidents").with(user(viewer))).getStatus()).isEqualTo(200);
        assertThat(refused("busy") - busyBefore).isEqualTo(4);

        // its turn comes: the same search finds the incident
        release.countDown();
        for (Future<?> turn : held) {
            turn.get(10, TimeUnit.SECONDS);
        }
        MockHttpServletResponse found = send(get("/search").param("q", word + " rate").with(user(viewer)));
        assertThat(found.getStatus()).isEqualTo(200);
        assertThat(Jsoup.parse(found.getContentAsString(StandardCharsets.UTF_8)).select("#result-" + key)).hasSize(1);
        MockHttpServletResponse listed = send(get("/incidents").param("q", word).with(user(viewer)));
        assertThat(listed.getStatus()).isEqualTo(200);
        assertThat(listed.getContentAsString(StandardCharsets.UTF_8)).contains(key);
    }

    @Test
    void searchesWaitingForTheirTurnHoldNoConnection() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        holdEveryTurn(2);
        // one search first, refused after its wait: the path is warm before eight go at once
        assertThat(send(get("/search").param("q", word).with(user(viewer))).getStatus()).isEqualTo(503);
        int holding = pool.getHikariPoolMXBean().getActiveConnections();
        List<Future<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waiting.add(threads.submit(() -> send(get("/search").param("q", word).with(user(viewer))).getStatus()));
        }
        // while they wait for their turn (1 s at most), the pool's connections in use are those of the two searches
        // running; a search that waited inside a transaction would hold one each. On a slow machine the first may
        // give up before the last is queued: at least six waiting at once is enough to tell.
        var queue = meters.find("hindsight.search.waiting").gauge();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int most = 0;
        double longestQueue = 0;
        while (System.nanoTime() < until && !(longestQueue >= 6 && queue.value() < 4)) {
            if (queue.value() >= 6) {
                most = Math.max(most, pool.getHikariPoolMXBean().getActiveConnections());
            }
            longestQueue = Math.max(longestQueue, queue.value());
            Thread.sleep(2);
        }
        assertThat(longestQueue).as("searches waiting for their turn at once").isGreaterThanOrEqualTo(6);
        // at least six waiting: at most two of the eight are before the gate or done (a request's filters read the
        // database for a moment), and one poller may be reading; waiting inside a transaction would add six or more
        assertThat(most).as("connections in use while six or more searches wait").isLessThanOrEqualTo(holding + 3);
        for (Future<Integer> status : waiting) {
            assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo(503);
        }
    }

    /**
     * PostgreSQL: every statement of the incident list's words filter is also bounded in the database by the search's
     * time (the driver's limit, in whole seconds and rounded, gives a statement begun in its last half second none),
     * for that read's transaction only. (A ranked search sets it with its plan settings: SearchPostingsTest.)
     */
    @Test
    void theListsWordsFilterIsBoundedInTheDatabaseToo() {
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        assumeTrue("PostgreSQL".equals(product), "PostgreSQL's statement_timeout");
        String setting = "SELECT current_setting('statement_timeout')";
        Object during = textFilter.limited(() -> entityManager.createNativeQuery(setting).getSingleResult());
        Object after = new TransactionTemplate(transactions).execute(s -> entityManager.createNativeQuery(setting)
                .getSingleResult());
        assertThat(during).isEqualTo("1s");
        assertThat(after).isEqualTo("0");
    }

    /**
     * PostgreSQL: a search held up in the database (here by a table lock an operator holds, shorter than the lock
     * timeout's 10 s) is cancelled there when its time is up, and its connection is free again.
     */
    @Test
    void aSearchThatRunsOutOfTimeIsCancelledInTheDatabaseAndAnsweredBusy() throws Exception {
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        assumeTrue("PostgreSQL".equals(product), "H2 reads past a table lock: nothing to hold a search up with");
        double tooSlowBefore = refused("too-slow");
        CountDownLatch locked = new CountDownLatch(1);
        Future<?> operator = threads.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.execute("LOCK TABLE incident IN ACCESS EXCLUSIVE MODE");
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        MockHttpServletResponse page = send(get("/search").param("q", "\"" + word + " rate\"").with(user(viewer)));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(page.getStatus()).isEqualTo(503);
        assertThat(tookMillis).as("cancelled after its second, long before the lock timeout").isLessThan(6_000L);
        Document html = Jsoup.parse(page.getContentAsString(StandardCharsets.UTF_8));
        assertThat(html.getElementById("search-not-finished").text())
                .contains("took longer than the 1 second a search may take");
        assertThat(html.getElementById("search-q").val()).isEqualTo("\"" + word + " rate\"");
        assertThat(refused("too-slow") - tooSlowBefore).isEqualTo(1);
        // nothing of the search is still running in the database
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE '%websearch_to_tsquery%'", Long.class)).isZero();

        MockHttpServletResponse apiAnswer = send(get("/api/search").param("q", "\"" + word + " rate\"")
                .with(api.basic(viewer)));
        assertThat(apiAnswer.getStatus()).isEqualTo(503);
        assertThat(json.readTree(apiAnswer.getContentAsString(StandardCharsets.UTF_8)).get("detail").asString())
                .contains("took longer than the 1 second");

        release.countDown();
        operator.get(10, TimeUnit.SECONDS);
        assertThat(send(get("/search").param("q", "\"" + word + " rate\"").with(user(viewer))).getStatus())
                .isEqualTo(200);
    }
}
