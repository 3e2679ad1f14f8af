package org.hindsight.action;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ActionItemRepository extends JpaRepository<ActionItem, Long> {

    @Query("select a from ActionItem a left join fetch a.owner where a.incidentId = :incidentId"
            + " order by a.category, a.id")
    List<ActionItem> findByIncident(Long incidentId);

    @Query("select a from ActionItem a left join fetch a.owner where a.id = :id")
    java.util.Optional<ActionItem> findDetailed(Long id);

    @Query("select a from ActionItem a left join fetch a.owner where a.owner.id = :ownerId"
            + " and a.status in (org.hindsight.action.ActionStatus.OPEN, org.hindsight.action.ActionStatus.IN_PROGRESS)"
            + " order by a.dueDate nulls last, a.id")
    List<ActionItem> findOpenByOwner(Long ownerId);

    @Query("select a.incidentId, count(a) from ActionItem a where a.incidentId in :incidentIds"
            + " and a.status in (org.hindsight.action.ActionStatus.OPEN, org.hindsight.action.ActionStatus.IN_PROGRESS)"
            + " group by a.incidentId")
    List<Object[]> countOpenByIncident(Collection<Long> incidentIds);

    @Query("select a from ActionItem a left join fetch a.owner where a.dueDate between :from and :to"
            + " and a.status in (org.hindsight.action.ActionStatus.OPEN, org.hindsight.action.ActionStatus.IN_PROGRESS)"
            + " order by a.dueDate, a.id")
    List<ActionItem> findOpenDueBetween(java.time.LocalDate from, java.time.LocalDate to);
}
