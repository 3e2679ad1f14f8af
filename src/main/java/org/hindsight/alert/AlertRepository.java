package org.hindsight.alert;

import java.util.Collection;
import java.util.List;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AlertRepository extends JpaRepository<Alert, Long> {

    /** The alerts of these fingerprints that exist, locked in fingerprint order (so two intakes never deadlock). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Alert a where a.integrationId = :integrationId and a.fingerprint in :fingerprints "
            + "order by a.fingerprint")
    List<Alert> lockByFingerprints(@Param("integrationId") long integrationId,
            @Param("fingerprints") Collection<String> fingerprints);

    @Query("select count(a) from Alert a where a.incidentId = :incidentId and a.status = :status")
    long countByIncidentAndStatus(@Param("incidentId") long incidentId, @Param("status") AlertStatus status);

    @Query("select max(a.endsAt) from Alert a where a.incidentId = :incidentId")
    java.time.Instant lastEnd(@Param("incidentId") long incidentId);

    @Query(value = "select a from Alert a order by a.lastSeen desc, a.id desc",
            countQuery = "select count(a) from Alert a")
    Page<Alert> newestFirst(Pageable pageable);

    List<Alert> findByIncidentIdOrderByStartsAtAscIdAsc(long incidentId, Pageable pageable);

    long countByIncidentId(long incidentId);
}
