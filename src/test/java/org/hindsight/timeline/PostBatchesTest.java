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

    @Test
    void postsWaitingForTheIncidentAreWrittenTogetherEachAsItsAuthorsAndARefusalStaysAlone() throws Exception {
        HindsightUser commander = users.create("batchlead", Role.MANAGER);
        String key = incidents.create(commander, new NewIncident("Everyone writes at once", Severity.SEV1, null,
                Instant.parse("2024-05-12T09:00:00Z"), null, null, null, List.of(), null));
        long incidentId = incidents.idOf(key);
        List<HindsightUser> authors = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            authors.add(users.create("batcher" + i, Role.RESPONDER));
        }
        long before = incidents.revision(incidentId);

        ExecutorService pool = Executors.newFixedThreadPool(WAITING);
        List<Future<TimelineViews.Posted>> posted = new ArrayList<>();
        try {
            // another transaction holds the incident's row, as a long post would: every post has to wait for it
            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                jdbc.update("update incident set title = title where id = ?", incidentId);
                for (int i = 0; i < WAITING; i++) {
                    // the first is the commander's, who marks it mitigated; the last one asks for a key moment too,
                    // which a responder who has not joined may not set
                    HindsightUser author = i == 0 ? commander : authors.get(i);
                    Set<KeyMoment> moments = i == 0 || i == WAITING - 1 ? Set.of(KeyMoment.MITIGATED) : Set.of();
                    String text = "waiting post " + i;
                    posted.add(pool.submit(() -> as(author,
                            () -> timeline.post(author, incidentId, new TimelineService.NewEvent(text, null,
                                    EventKind.NOTE, moments, false)))));
                }
                DatabaseLocks.awaitAnotherSessionWaitingForALock(jdbc);
                awaitQueued(incidentId, WAITING - 1); // one writes (and waits for the row), the others queue
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
            // the refused post may have been the one that wrote first, alone: then the others share one revision
            assertThat(revisions.stream().distinct().count()).as("revisions used by %d posts", WAITING - 1)
                    .isBetween(1L, 2L);
            // one raise for the post written first and one for all the rest (none for a batch whose every post was
            // refused: if the refused post was the one written first, alone, its raise was rolled back)
            assertThat(incidents.revision(incidentId)).as("raises of the revision for %d posts", WAITING)
                    .isBetween(before + 1, before + 2);
        } finally {
            pool.shutdownNow();
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
        // the commander's key moment set the incident's mitigated time: that change is audited as theirs too
        assertThat(jdbc.queryForList("select actor from audit_entry where record_type = 'incident' and record_id = ?"
                + " and field = 'mitigatedAt'", String.class, key)).containsExactly(commander.getUsername());
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
