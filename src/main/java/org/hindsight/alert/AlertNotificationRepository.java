package org.hindsight.alert;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AlertNotificationRepository extends JpaRepository<AlertNotification, Long> {

    @Modifying
    @Query("delete from AlertNotification n where n.receivedAt < :before")
    int deleteReceivedBefore(@Param("before") Instant before);
}
