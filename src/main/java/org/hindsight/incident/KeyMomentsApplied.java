package org.hindsight.incident;

import java.time.Instant;
import java.util.List;

/**
 * Published inside the transaction in which key moments set summary times of an incident ({@code times}, each now
 * {@code value}); the notification module announces it.
 */
public record KeyMomentsApplied(long incidentId, List<SummaryTime> times, Instant value, Instant at) {

    public KeyMomentsApplied {
        times = List.copyOf(times);
    }
}
