package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.notification.WebhookEvent;
import org.hindsight.notification.WebhookFormat;
import org.hindsight.notification.WebhookService;
import org.hindsight.support.DatabaseLocks;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.system.ChangeForbiddenException;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts that wait for an incident's lock are written together ({@link PostBatches}): one revision and one commit for
 * all of them, each still answered only after that commit, each recorded in the audit trail as its own author's, and
 * a post refused inside the batch refused alone.
 */
@DatabaseTest
class PostBatchesTest {

    private static final int WAITING = 8;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    PostBatches batches;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    WebhookService webhooks;

    @Autowired
    JsonMapper json;

    @Test
    void postsWaitingForTheIncidentAreWrittenTogetherEachAsItsAuthorsAndARefusalStaysAlone() throws Exception {
        HindsightUser commander = users.create("batchlead", Role.MANAGER);
        HindsightUser manager = users.create("batchmanager", Role.MANAGER);
        String key = incidents.create(commander, new NewIncident("Everyone writes at once", Severity.SEV1, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        long incidentId = incidents.idOf(key);
        List<HindsightUser> authors = new ArrayList<>();
        List<Set<KeyMoment>> moments = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            // posts 1 and 2 by the two managers, each setting a summary time (both are audited and announced); the
            // last one asks for a key moment too, which a responder who has not joined may not set
            authors.add(i == 1 ? commander : i == 2 ? manager : users.create("batcher" + i, Role.RESPONDER));
            moments.add(i == 1 ? Set.of(KeyMoment.MITIGATED) : i == 2 ? Set.of(KeyMoment.IMPACT_DETECTED)
                    : i == WAITING - 1 ? Set.of(KeyMoment.CAUSE_IDENTIFIED) : Set.of());
        }
        long before = incidents.revision(incidentId);
        // a webhook for key moments: its notices must name each post's author too, not whoever wrote the batch
        long webhook = webhooks.create(TestUsers.unique("batch-hook"), "http://127.0.0.1:9/unused",
                WebhookFormat.GENERIC, List.of(WebhookEvent.KEY_MOMENT), List.of()).webhook().id();

        ExecutorService pool = Executors.newFixedThreadPool(WAITING);
        List<Future<TimelineViews.Posted>> posted = new ArrayList<>();
        try {
            // another transaction holds the incident's row, as a long post would: every post has to wait for it
            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                jdbc.update("update incident set title = title where id = ?", incidentId);
                for (int i = 0; i < WAITING; i++) {
                    HindsightUser author = authors.get(i);
                    Set<KeyMoment> tags = moments.get(i);
                    String text = "waiting post " + i;
                    posted.add(pool.submit(() -> as(author,
                            () -> timeline.post(author, incidentId, new TimelineService.NewEvent(text, null,
                                    EventKind.NOTE, tags, false)))));
                    if (i == 0) {
                        // the first post writes first, alone: it waits for the row; the rest queue behind it, and
                        // one of them writes all of them, so at least one manager's post is written by another's
                        // thread
                        DatabaseLocks.awaitAnotherSessionWaitingForALock(jdbc);
                    }
                }
                awaitQueued(incidentId, WAITING - 1);
            });

            List<Long> revisions = new ArrayList<>();
            int refused = 0;
            for (int i = 0; i < WAITING; i++) {
                try {
                    revisions.add(posted.get(i).get(30, TimeUnit.SECONDS).revision());
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ChangeForbiddenException.class);
                    assertThat(i).as("only the post with a key moment is refused").isEqualTo(WAITING - 1);
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(1);
            assertThat(revisions.stream().distinct().count()).as("revisions used by %d posts", WAITING - 1)
                    .isEqualTo(2);
            assertThat(incidents.revision(incidentId)).as("one raise for the first post, one for all the rest")
                    .isEqualTo(before + 2);
            List<String> actors = jdbc.queryForList("select body from webhook_delivery where webhook_id = ?"
                    + " and event = 'KEY_MOMENT'", String.class, webhook).stream()
                    .map(body -> json.readTree(body).get("actor").asString()).toList();
            assertThat(actors).as("each key moment's notice names its author")
                    .containsExactlyInAnyOrder(commander.getDisplayName(), manager.getDisplayName());
        } finally {
            pool.shutdownNow();
            jdbc.update("delete from webhook where id = ?", webhook);
        }

        List<Map<String, Object>> rows = jdbc.queryForList("select e.text, u.username, a.actor from timeline_event e"
                + " join app_user u on u.id = e.author_id"
                + " join audit_entry a on a.record_type = 'timeline event' and a.record_id = cast(e.id as varchar(20))"
                + " where e.incident_id = ? and e.text like 'waiting post %'", incidentId);
        assertThat(rows).hasSize(WAITING - 1);
        for (Map<String, Object> row : rows) {
            assertThat(row.get("actor")).as("audit of " + row.get("text")).isEqualTo(row.get("username"));
        }
        assertThat(rows).extracting(row -> row.get("text"))
                .doesNotContain("waiting post " + (WAITING - 1));
        // each manager's key moment set one of the incident's times: each change is audited as theirs too
        assertThat(jdbc.queryForList("select actor from audit_entry where record_type = 'incident' and record_id = ?"
                + " and field = 'mitigatedAt'", String.class, key)).containsExactly(commander.getUsername());
        assertThat(jdbc.queryForList("select actor from audit_entry where record_type = 'incident' and record_id = ?"
                + " and field = 'detectedAt'", String.class, key)).containsExactly(manager.getUsername());
    }

    /** Runs as the signed-in {@code user} would (the audit trail reads the actor from the security context). */
    private static <T> T as(HindsightUser user, java.util.concurrent.Callable<T> work) throws Exception {
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        try {
            return work.call();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void awaitQueued(long incidentId, int count) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batches.waiting(incidentId) < count && System.nanoTime() < until) {
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(batches.waiting(incidentId)).as("posts queued behind the writing one").isEqualTo(count);
    }
}
