package org.hindsight.action;

import java.util.Optional;

import org.hindsight.incident.Severity;
import org.springframework.data.jpa.repository.JpaRepository;

interface DueDatePolicyRepository extends JpaRepository<DueDatePolicy, Severity> {
}

interface CalendarTokenRepository extends JpaRepository<CalendarToken, Long> {

    Optional<CalendarToken> findByTokenHash(String tokenHash);
}
