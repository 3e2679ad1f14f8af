package org.hindsight.timeline;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Events in time order: the time they happened (whole seconds, so several share one), then the instant each was
 * logged, then the id. Ids are unique but not in the order events were logged across instances (each instance takes a
 * block of ids of its own, migration V28), so they only break a tie of both times; index
 * {@code ix_timeline_event_incident_order} (V29) serves every order and window here.
 */
interface TimelineEventRepository extends JpaRepository<TimelineEvent, Long> {

    /** The whole timeline in time order, authors fetched in the same query. */
    @Query("select e from TimelineEvent e left join fetch e.author where e.incidentId = :incidentId"
            + " and (e.deleted = false or :withDeleted = true) order by e.occurredAt, e.createdAt, e.id")
    List<TimelineEvent> findTimeline(Long incidentId, boolean withDeleted);

    /** The newest events, newest first (the page shows a window of them); authors fetched in the same query. */
    @Query("select e from TimelineEvent e left join fetch e.author where e.incidentId = :incidentId"
            + " and (e.deleted = false or :withDeleted = true) order by e.occurredAt desc, e.createdAt desc, e.id desc")
    List<TimelineEvent> findNewest(Long incidentId, boolean withDeleted, Pageable page);

    /** The newest events before (at, createdAt, id) in time order, newest first. */
    @Query("select e from TimelineEvent e left join fetch e.author where e.incidentId = :incidentId"
            + " and (e.deleted = false or :withDeleted = true)"
            + " and (e.occurredAt < :at or (e.occurredAt = :at and (e.createdAt < :createdAt"
            + " or (e.createdAt = :createdAt and e.id < :id)))) order by e.occurredAt desc, e.createdAt desc, e.id desc")
    List<TimelineEvent> findNewestBefore(Long incidentId, boolean withDeleted, Instant at, Instant createdAt, Long id,
            Pageable page);

    /** How many events come before (at, createdAt, id): the ones a window does not show. */
    @Query("select count(e) from TimelineEvent e where e.incidentId = :incidentId"
            + " and (e.deleted = false or :withDeleted = true)"
            + " and (e.occurredAt < :at or (e.occurredAt = :at and (e.createdAt < :createdAt"
            + " or (e.createdAt = :createdAt and e.id < :id))))")
    long countBefore(Long incidentId, boolean withDeleted, Instant at, Instant createdAt, Long id);

    /** Events created, changed or deleted after a revision: what a live view has not seen yet. */
    @Query("select e from TimelineEvent e left join fetch e.author where e.incidentId = :incidentId"
            + " and e.revision > :revision order by e.occurredAt, e.createdAt, e.id")
    List<TimelineEvent> findChangedSince(Long incidentId, long revision);
}
