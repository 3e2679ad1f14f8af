package org.hindsight.timeline;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TimelineEventRevisionRepository extends JpaRepository<TimelineEventRevision, Long> {

    @Query("select r from TimelineEventRevision r left join fetch r.replacedBy where r.eventId = :eventId"
            + " order by r.replacedAt desc, r.id desc")
    List<TimelineEventRevision> findHistory(Long eventId);
}
