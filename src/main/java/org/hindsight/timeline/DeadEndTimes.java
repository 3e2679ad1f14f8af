package org.hindsight.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The time an incident lost to dead ends: for each dead-end event, the time from it to the next event on the
 * timeline (of any kind; deleted events do not count, events in the same second follow each other in the order they
 * were logged, then by id). So a run of dead ends counts from its first to the first event after it that is not a
 * dead end, and a dead end that is the last event counts nothing yet. Whole seconds, 0 for an incident without dead
 * ends.
 *
 * <p>Computed by the database over the incident's events ({@code LEAD} over them in time order, one statement for any
 * number of incidents) and kept per incident <em>for the incident's revision</em>, which rises with every change to
 * the incident or its timeline: a figure is used only while the revision it was computed at is the incident's
 * current one, so it is never stale, and writing an event costs nothing more. Insights over a year of incidents then
 * reads only the incidents changed since their figure was computed, not the year's events.
 */
@Component
@Transactional(readOnly = true)
public class DeadEndTimes {

    /** Incidents kept (two longs each); more than the largest data set measured (20,000 incidents). */
    static final int MAX_KEPT = 50_000;
    /** Incidents per statement when many figures are missing (far below PostgreSQL's limit of bind parameters). */
    static final int CHUNK = 5_000;

    private static final String SQL = """
            SELECT e.incident_id,
                   SUM(CASE WHEN e.kind = 'DEAD_END' AND e.next_at IS NOT NULL
                            THEN EXTRACT(EPOCH FROM e.next_at) - EXTRACT(EPOCH FROM e.occurred_at) ELSE 0 END)
              FROM (SELECT t.incident_id, t.kind, t.occurred_at,
                           LEAD(t.occurred_at) OVER (PARTITION BY t.incident_id
                                               ORDER BY t.occurred_at, t.created_at, t.id) AS next_at
                      FROM timeline_event t
                     WHERE t.deleted = FALSE AND t.incident_id IN (:ids)) e
             GROUP BY e.incident_id""";

    private record Kept(long revision, long seconds) {
    }

    private final EntityManager em;
    private final Cache<Long, Kept> kept = Caffeine.newBuilder().maximumSize(MAX_KEPT).build();

    DeadEndTimes(EntityManager em) {
        this.em = em;
    }

    /** The seconds one incident lost to dead ends, as of {@code revision} (the incident's, as just read). */
    public long seconds(long incidentId, long revision) {
        return seconds(Map.of(incidentId, revision)).getOrDefault(incidentId, 0L);
    }

    /**
     * The seconds each incident lost to dead ends, by incident id, for incidents given with their current revision:
     * the kept figures of those unchanged since, one statement for the others (per {@link #CHUNK} of them).
     */
    public Map<Long, Long> seconds(Map<Long, Long> revisions) {
        Map<Long, Long> found = new HashMap<>(revisions.size() * 2);
        List<Long> missing = new ArrayList<>();
        revisions.forEach((id, revision) -> {
            Kept k = kept.getIfPresent(id);
            if (k != null && k.revision() == revision) {
                found.put(id, k.seconds());
            } else {
                missing.add(id);
            }
        });
        for (int from = 0; from < missing.size(); from += CHUNK) {
            List<Long> ids = missing.subList(from, Math.min(missing.size(), from + CHUNK));
            Map<Long, Long> computed = new HashMap<>();
            ids.forEach(id -> computed.put(id, 0L));
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(SQL).setParameter("ids", ids).getResultList();
            for (Object[] row : rows) {
                computed.put(((Number) row[0]).longValue(), row[1] == null ? 0 : ((Number) row[1]).longValue());
            }
            // a figure read after the revision was may already hold later changes: it is kept for that revision,
            // which is no longer the current one then, so it is computed again on the next read. One read in a
            // transaction that writes may see its own changes, which may yet be rolled back: it is not kept.
            boolean keep = TransactionSynchronizationManager.isCurrentTransactionReadOnly();
            computed.forEach((id, seconds) -> {
                if (keep) {
                    kept.put(id, new Kept(revisions.get(id), seconds));
                }
                found.put(id, seconds);
            });
        }
        return found;
    }
}
