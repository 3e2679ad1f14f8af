package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.ApiCalls;
import org.hindsight.support.DatabaseLocks;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * A timeline post stuck behind a lock held elsewhere on its incident (a long migration, an operator's open
 * transaction) is answered within {@code hindsight.timeline.post-wait}: 503 "Busy" with Retry-After, so a script
 * retries. The one writing and the ones queued behind it alike; nothing is written, and the incident takes posts
 * again once the lock is gone. A post from the incident page gets its entry back as typed, with the reason.
 */
@DatabaseTest
@TestPropertySource(properties = "hindsight.timeline.post-wait=2s")
class PostWaitTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void postsBehindALockHeldElsewhereAre503WithRetryAfterWithinTheWait() throws Exception {
        ApiCalls api = new ApiCalls(mvc, json, "10.119");
        HindsightUser responder = users.create("waiter", Role.RESPONDER);
        String key = incidents.create(users.create("waiter-lead", Role.MANAGER), new NewIncident("Locked elsewhere",
                Severity.SEV2, null, Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        long incidentId = incidents.idOf(key);
        String path = "/api/incidents/" + key + "/timeline";

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<MockHttpServletResponse> answers = new TransactionTemplate(transactions).execute(status -> {
                jdbc.update("update incident set title = title where id = ?", incidentId);
                try {
                    long start = System.nanoTime();
                    Future<MockHttpServletResponse> writing = pool.submit(() -> post(api, responder, path, "first"));
                    DatabaseLocks.awaitAnotherSessionWaitingForALock(jdbc);
                    List<Future<MockHttpServletResponse>> queued = List.of(
                            pool.submit(() -> post(api, responder, path, "second")),
                            pool.submit(() -> post(api, responder, path, "third")));
                    List<MockHttpServletResponse> all = List.of(writing.get(20, TimeUnit.SECONDS),
                            queued.get(0).get(20, TimeUnit.SECONDS), queued.get(1).get(20, TimeUnit.SECONDS));
                    // the lock is still held here: every post gave up on its own
                    // (the one writing: the transaction's timeout on PostgreSQL, the lock timeout on H2, 10 s)
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
                    return all;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(503);
                assertThat(answer.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                assertThat(answer.getHeader("Retry-After")).isEqualTo("2");
                assertThat(json.readTree(answer.getContentAsString()).path("title").asString()).isEqualTo("Busy");
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("select count(*) from timeline_event where incident_id = ?"
                + " and text in ('first', 'second', 'third')", Integer.class, incidentId)).isZero();

        assertThat(post(api, responder, path, "after the lock").getStatus()).isEqualTo(201);
    }

    /**
     * The same from the incident page: the entry is not logged, and the responder gets it back as typed with a
     * message saying why (the page again without script; the form's fragment for entry.js), 503 with Retry-After.
     */
    @Test
    void pagePostsBehindALockHeldElsewhereKeepTheTypedEntryAnd503() throws Exception {
        HindsightUser responder = users.create("page-waiter", Role.RESPONDER);
        String key = incidents.create(users.create("page-waiter-lead", Role.MANAGER), new NewIncident("Locked for pages",
                Severity.SEV2, null, Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        long incidentId = incidents.idOf(key);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<MockHttpServletResponse> answers = new TransactionTemplate(transactions).execute(status -> {
                jdbc.update("update incident set title = title where id = ?", incidentId);
                try {
                    Future<MockHttpServletResponse> page = pool.submit(() -> mvc.perform(
                            pagePost(key, responder, "Failed over to the replica")).andReturn().getResponse());
                    DatabaseLocks.awaitAnotherSessionWaitingForALock(jdbc);
                    Future<MockHttpServletResponse> script = pool.submit(() -> mvc.perform(
                            pagePost(key, responder, "Paged the storage team").header("HX-Request", "true"))
                            .andReturn().getResponse());
                    return List.of(page.get(20, TimeUnit.SECONDS), script.get(20, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            MockHttpServletResponse page = answers.get(0);
            assertThat(page.getStatus()).isEqualTo(503);
            assertThat(page.getHeader("Retry-After")).isNotBlank();
            String html = page.getContentAsString();
            assertThat(html).contains("value=\"Failed over to the replica\"").contains(BUSY_MESSAGE)
                    .contains("Locked for pages");

            MockHttpServletResponse fragment = answers.get(1);
            assertThat(fragment.getStatus()).isEqualTo(503);
            assertThat(fragment.getHeader("Retry-After")).isNotBlank();
            assertThat(fragment.getContentAsString()).contains("entry-errors").contains(BUSY_MESSAGE);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("select count(*) from timeline_event where incident_id = ?"
                + " and text in ('Failed over to the replica', 'Paged the storage team')", Integer.class, incidentId))
                .isZero();
        assertThat(mvc.perform(pagePost(key, responder, "Failed over to the replica")).andReturn().getResponse()
                .getStatus()).isEqualTo(302);
    }

    private static final String BUSY_MESSAGE = "Not logged: the incident was busy";

    private static MockHttpServletRequestBuilder pagePost(String key, HindsightUser author, String text) {
        return MockMvcRequestBuilders.post("/incidents/" + key + "/timeline").with(user(author)).with(csrf())
                .param("text", text).param("at", "").param("kind", "NOTE");
    }

    private MockHttpServletResponse post(ApiCalls api, HindsightUser author, String path, String text)
            throws Exception {
        return mvc.perform(api.postJson(path, ApiCalls.obj("text", text)).with(api.basic(author))).andReturn()
                .getResponse();
    }
}
