package org.hindsight.incident;

import java.time.Instant;

/**
 * Published inside the transaction in which a user joins ({@code joined}) or leaves an incident's responders of
 * their own accord; the timeline records it, with who and when.
 */
public record ResponderJoined(long incidentId, long userId, String displayName, boolean joined, Instant at) {
}
