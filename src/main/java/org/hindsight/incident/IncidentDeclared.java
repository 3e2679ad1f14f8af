package org.hindsight.incident;

import java.time.Instant;

/**
 * Published inside the transaction that declares an incident (by a person, an import or an alert); the notification
 * module announces it.
 */
public record IncidentDeclared(long incidentId, Instant at) {
}
