package org.hindsight.action;

import org.hindsight.incident.Severity;
import org.springframework.data.jpa.repository.JpaRepository;

interface DueDatePolicyRepository extends JpaRepository<DueDatePolicy, Severity> {
}
