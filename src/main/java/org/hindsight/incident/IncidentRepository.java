package org.hindsight.incident;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface IncidentRepository extends JpaRepository<Incident, Long>, JpaSpecificationExecutor<Incident> {

    /**
     * The incident with all the incident page shows of it, in one statement. Written as fetch joins rather than an
     * entity graph: Hibernate keeps the translation of a query with no graph applied, and translated this one again
     * on every call (a twelfth of the incident page's work).
     */
    @Query("select i from Incident i left join fetch i.commander left join fetch i.services"
            + " left join fetch i.responders left join fetch i.createdBy where i.id = :id")
    Optional<Incident> findDetailedById(Long id);

    /** Rows of a list page, with their commanders, in no particular order (a fetch join, as above). */
    @Query("select i from Incident i left join fetch i.commander where i.id in :ids")
    java.util.List<Incident> findWithCommanderByIdIn(java.util.Collection<Long> ids);

    /**
     * Raises the incident's revision by one and holds its row lock until the transaction ends, so the
     * changes of one incident get their revisions in commit order: a reader that has seen revision n
     * has seen every change up to n. Returns the number of rows changed (0: no such incident).
     */
    @Modifying(flushAutomatically = true)
    @Query("update Incident i set i.revision = i.revision + 1 where i.id = :id")
    int raiseRevision(Long id);

    /** The incident's row, locked until the transaction ends: one review step of an incident at a time. */
    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select i.id from Incident i where i.id = :id")
    Optional<Long> lockById(Long id);

    /** Sets the postmortem's review state without touching the incident's version or revision. */
    @Modifying(flushAutomatically = true, clearAutomatically = false)
    @Query("update Incident i set i.postmortemState = :state where i.id = :id")
    int setPostmortemState(Long id, PostmortemState state);

    @Query("select i.revision from Incident i where i.id = :id")
    Optional<Long> findRevision(Long id);

    @Query("select new org.hindsight.incident.IncidentLabel(i.id, i.title, i.severity) from Incident i"
            + " where i.id in :ids")
    java.util.List<IncidentLabel> findLabels(java.util.Collection<Long> ids);

    /** An incident's revision and start, read together (the post of a timeline event needs both). */
    @Query("select new org.hindsight.incident.RevisionAndStart(i.revision, i.startedAt) from Incident i where i.id = :id")
    Optional<RevisionAndStart> findRevisionAndStart(Long id);

    @Query("select i.startedAt from Incident i where i.id = :id")
    Optional<java.time.Instant> findStartedAt(Long id);

    @Query("select count(r) > 0 from Incident i join i.responders r where i.id = :incidentId and r.id = :userId")
    boolean isResponder(Long incidentId, Long userId);
}
