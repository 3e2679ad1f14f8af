package org.hindsight.alert;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AlertGroupRepository extends JpaRepository<AlertGroup, Long> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select g from AlertGroup g where g.integrationId = :integrationId and g.groupHash = :groupHash")
    Optional<AlertGroup> lock(@Param("integrationId") long integrationId, @Param("groupHash") String groupHash);
}
