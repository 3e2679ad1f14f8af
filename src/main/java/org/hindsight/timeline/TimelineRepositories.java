package org.hindsight.timeline;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TimelineEventRepository extends JpaRepository<TimelineEvent, Long> {

    /** The whole timeline in time order, authors fetched in the same query. */
    @Query("select e from TimelineEvent e left join fetch e.author where e.incidentId = :incidentId"
            + " and (e.deleted = false or :withDeleted = true) order by e.occurredAt, e.id")
    List<TimelineEvent> findTimeline(Long incidentId, boolean withDeleted);

    /** Events created, changed or deleted after a revision: what a live view has not seen yet. */
    @Query("select e from TimelineEvent e left join fetch e.author where e.incidentId = :incidentId"
            + " and e.revision > :revision order by e.occurredAt, e.id")
    List<TimelineEvent> findChangedSince(Long incidentId, long revision);
}

interface TimelineEventRevisionRepository extends JpaRepository<TimelineEventRevision, Long> {

    @Query("select r from TimelineEventRevision r left join fetch r.replacedBy where r.eventId = :eventId"
            + " order by r.replacedAt desc, r.id desc")
    List<TimelineEventRevision> findHistory(Long eventId);
}
