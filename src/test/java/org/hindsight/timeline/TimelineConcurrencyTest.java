package org.hindsight.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.Severity;
import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sixteen responders log 200 events each into one incident at once, while a live view polls for changes:
 * every event is stored exactly once, the timeline is in time order, and the poller sees each event exactly
 * once, none missed, even though transactions commit in any order and posts that wait are written together.
 */
@DatabaseTest
class TimelineConcurrencyTest {

    private static final int THREADS = 16;
    private static final int EVENTS_EACH = 200;

    @Autowired
    TestUsers users;

    @Autowired
    IncidentService incidents;

    @Autowired
    TimelineService timeline;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void concurrentPostsAreStoredOnceInOrderAndEveryOneReachesALiveView() throws Exception {
        HindsightUser commander = users.create("busy", Role.MANAGER);
        Instant start = Instant.parse("2024-05-12T09:00:00Z");
        String key = incidents.create(commander, new NewIncident("Everyone at once", Severity.SEV1, null, start, null,
                null, null, List.of(), null));
        long incidentId = incidents.idOf(key);
        List<HindsightUser> responders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            responders.add(users.create("crowd", Role.RESPONDER));
        }

        long revisionBefore = incidents.revision(incidentId);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean posting = new AtomicBoolean(true);
        Set<Long> seenLive = ConcurrentHashMap.newKeySet();
        List<Long> seenTwice = new ArrayList<>();
        try {
            Future<?> poller = pool.submit(() -> {
                long since = incidents.revision(incidentId);
                while (true) {
                    boolean last = !posting.get();
                    var changes = timeline.changesSince(commander, incidentId, since);
                    for (var row : changes.rows()) {
                        if (!seenLive.add(row.id())) {
                            seenTwice.add(row.id());
                        }
                    }
                    since = changes.revision();
                    if (last) {
                        return;
                    }
                }
            });
            List<Future<?>> posters = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                HindsightUser author = responders.get(t);
                int thread = t;
                posters.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < EVENTS_EACH; i++) {
                        // distinct times, deliberately not in posting order
                        Instant at = start.plusSeconds((long) ((i * 7919L + thread * 104_729L) % 86_400));
                        timeline.post(author, incidentId, new TimelineService.NewEvent("t" + thread + "-" + i, at,
                                EventKind.NOTE, Set.of(), false));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> poster : posters) {
                poster.get(5, TimeUnit.MINUTES);
            }
            posting.set(false);
            poller.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        int total = THREADS * EVENTS_EACH;
        Integer stored = jdbc.queryForObject("select count(*) from timeline_event where incident_id = ? and text like 't%-%'",
                Integer.class, incidentId);
        assertThat(stored).as("every post stored once").isEqualTo(total);
        Integer distinctTexts = jdbc.queryForObject(
                "select count(distinct text) from timeline_event where incident_id = ? and text like 't%-%'",
                Integer.class, incidentId);
        assertThat(distinctTexts).as("no duplicates").isEqualTo(total);
        // posts waiting for the incident are written together under one revision (PostBatches): every raise of the
        // revision wrote events, and no post had a revision of its own that another post's commit could overtake
        Integer distinctRevisions = jdbc.queryForObject("select count(distinct revision) from timeline_event"
                + " where incident_id = ? and text like 't%-%'", Integer.class, incidentId);
        assertThat((long) distinctRevisions).as("revisions raised, each with its events")
                .isEqualTo(incidents.revision(incidentId) - revisionBefore);

        var rows = timeline.timeline(commander, incidentId).rows();
        assertThat(rows).hasSize(total);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).at()).isAfterOrEqualTo(rows.get(i - 1).at());
        }
        Set<Long> allIds = new HashSet<>();
        rows.forEach(row -> allIds.add(row.id()));
        assertThat(seenLive).as("the live view saw every event").isEqualTo(allIds);
        assertThat(seenTwice).as("and none twice").isEmpty();
    }
}
