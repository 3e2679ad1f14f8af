package org.hindsight.incident;

import java.time.Instant;

/** Published inside the transaction that changes an incident's severity; the notification module announces it. */
public record SeverityChanged(long incidentId, Severity from, Severity to, Instant at) {
}
