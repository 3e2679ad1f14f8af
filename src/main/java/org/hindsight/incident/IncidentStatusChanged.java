package org.hindsight.incident;

import java.time.Instant;

/** Published inside the transaction that moves an incident to another status; the timeline records it. */
public record IncidentStatusChanged(long incidentId, IncidentStatus from, IncidentStatus to, long byUserId,
        Instant at) {
}
