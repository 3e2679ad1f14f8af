package org.hindsight.notification;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;

/**
 * What one message announces, in no receiver's format ({@link WebhookMessages} renders it for each): the event,
 * when it happened, who did it, a one-line headline saying what changed, the incident as it is after the change,
 * the change itself, the action item (for an overdue one) and the link to follow. A test message has no incident.
 */
record Notice(String event, Instant at, String actor, String headline, IncidentFacts incident, Change change,
        ItemFacts item, String url) {

    static final String TEST = "TEST";

    /** The incident after the change: key, title, severity, status (and its name) and summary times by field name. */
    record IncidentFacts(long id, String key, String title, Severity severity, IncidentStatus status,
            String statusName, Map<String, Instant> times) {
    }

    /** The change: which field, from what to what (as the generic event names them; null where none). */
    record Change(String field, String from, String to) {
    }

    /** An overdue action item. */
    record ItemFacts(long id, String title, String owner, LocalDate dueDate) {
    }

    Severity severity() {
        return incident == null ? null : incident.severity();
    }

    /** What the delivery log shows: the incident's key and the headline. */
    String summary() {
        String text = incident == null ? headline : incident.key() + " " + headline;
        return text.length() <= 500 ? text : text.substring(0, 499) + "\u2026";
    }
}
