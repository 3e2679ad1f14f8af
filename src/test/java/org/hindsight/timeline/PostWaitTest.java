package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * A timeline post stuck behind a lock held elsewhere on its incident (a long migration, an operator's open
 * transaction) is answered within {@code hindsight.timeline.post-wait}: 503 with Retry-After, as the database being
 * unavailable, so a script retries. The one writing and the ones queued behind it alike; nothing is written, and the
 * incident takes posts again once the lock is gone.
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
                assertThat(answer.getHeader("Retry-After")).isNotBlank();
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("select count(*) from timeline_event where incident_id = ?"
                + " and text in ('first', 'second', 'third')", Integer.class, incidentId)).isZero();

        assertThat(post(api, responder, path, "after the lock").getStatus()).isEqualTo(201);
    }

    private MockHttpServletResponse post(ApiCalls api, HindsightUser author, String path, String text)
            throws Exception {
        return mvc.perform(api.postJson(path, ApiCalls.obj("text", text)).with(api.basic(author))).andReturn()
                .getResponse();
    }
}
