package org.hindsight.insights;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hindsight.incident.IncidentStatus;

/**
 * Why an incident's times cannot be averaged in. <em>Missing</em>: a time is unset although the incident has ended
 * (resolved or later, or a resolution time is set) or a later time of the chain detected → responded → mitigated →
 * resolved is set (an ongoing incident counts for the times it has). <em>Out of order</em>: a time lies before one
 * that must come first. Each reason reads as {@code insights.reason.<NAME>} on the page and as {@link #text()} in the
 * API and the CSV.
 */
enum TimeCheck {
    NO_DETECTION("no impact-detected time"),
    NO_RESPONSE("no response-started time"),
    NO_MITIGATION("no mitigated time"),
    NO_RESOLUTION("no resolved time"),
    DETECTED_BEFORE_STARTED("impact detected before started"),
    RESPONDED_BEFORE_STARTED("response started before started"),
    RESPONDED_BEFORE_DETECTED("response started before impact detected"),
    MITIGATED_BEFORE_STARTED("mitigated before started"),
    MITIGATED_BEFORE_DETECTED("mitigated before impact detected"),
    RESOLVED_BEFORE_STARTED("resolved before started"),
    RESOLVED_BEFORE_DETECTED("resolved before impact detected"),
    RESOLVED_BEFORE_MITIGATED("resolved before mitigated");

    private final String text;

    TimeCheck(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /** Every reason the incident's summary times give, in this enum's order; empty when they can be averaged in. */
    static List<TimeCheck> of(IncidentStatus status, Instant started, Instant detected, Instant responded,
            Instant mitigated, Instant resolved) {
        List<TimeCheck> found = new ArrayList<>();
        boolean ended = resolved != null || !status.isActive();
        Instant[] chain = {detected, responded, mitigated, resolved};
        TimeCheck[] missing = {NO_DETECTION, NO_RESPONSE, NO_MITIGATION, NO_RESOLUTION};
        for (int k = 0; k < chain.length; k++) {
            if (chain[k] == null && (ended || anySet(chain, k + 1))) {
                found.add(missing[k]);
            }
        }
        before(found, detected, started, DETECTED_BEFORE_STARTED);
        before(found, responded, started, RESPONDED_BEFORE_STARTED);
        before(found, responded, detected, RESPONDED_BEFORE_DETECTED);
        before(found, mitigated, started, MITIGATED_BEFORE_STARTED);
        before(found, mitigated, detected, MITIGATED_BEFORE_DETECTED);
        before(found, resolved, started, RESOLVED_BEFORE_STARTED);
        before(found, resolved, detected, RESOLVED_BEFORE_DETECTED);
        before(found, resolved, mitigated, RESOLVED_BEFORE_MITIGATED);
        return found;
    }

    private static boolean anySet(Instant[] chain, int from) {
        for (int k = from; k < chain.length; k++) {
            if (chain[k] != null) {
                return true;
            }
        }
        return false;
    }

    private static void before(List<TimeCheck> found, Instant later, Instant earlier, TimeCheck reason) {
        if (later != null && earlier != null && later.isBefore(earlier)) {
            found.add(reason);
        }
    }
}
