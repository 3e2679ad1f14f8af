package org.hindsight.postmortem;

import java.time.Instant;

/**
 * Published inside the transaction that publishes version {@code version} of an incident's postmortem; the
 * notification module announces it.
 */
public record PostmortemPublished(long incidentId, int version, String template, Instant at) {
}
