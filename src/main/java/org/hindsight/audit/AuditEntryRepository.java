package org.hindsight.audit;

import org.springframework.data.repository.Repository;

/**
 * Append-only: the only write is {@link #save} of a new entry (the entity is immutable, so Hibernate never issues an
 * update), and there is no delete. Reads go through {@link AuditQueries}. {@code AuditTrailTest} checks that this
 * stays so.
 */
interface AuditEntryRepository extends Repository<AuditEntry, Long> {

    AuditEntry save(AuditEntry entry);
}
