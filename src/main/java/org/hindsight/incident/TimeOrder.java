package org.hindsight.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The order rules of summary times: nothing before the start, resolution not before mitigation. */
final class TimeOrder {

    private TimeOrder() {
    }

    /** Summary times are kept to the second, like timeline events, so forms show them exactly. */
    static Instant toSecond(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** The times that break the rules, each once; empty when all is in order. */
    static List<SummaryTime> violations(Map<SummaryTime, Instant> times) {
        List<SummaryTime> wrong = new ArrayList<>();
        Instant start = times.get(SummaryTime.STARTED);
        for (SummaryTime time : SummaryTime.values()) {
            Instant value = times.get(time);
            if (time != SummaryTime.STARTED && start != null && value != null && value.isBefore(start)) {
                wrong.add(time);
            }
        }
        Instant mitigated = times.get(SummaryTime.MITIGATED);
        Instant resolved = times.get(SummaryTime.RESOLVED);
        if (mitigated != null && resolved != null && resolved.isBefore(mitigated) && !wrong.contains(SummaryTime.RESOLVED)) {
            wrong.add(SummaryTime.RESOLVED);
        }
        return wrong;
    }

    /** The message code for a time that breaks the rules. */
    static String messageCode(SummaryTime time, Map<SummaryTime, Instant> times) {
        Instant start = times.get(SummaryTime.STARTED);
        Instant value = times.get(time);
        return start != null && value != null && value.isBefore(start) ? "incident.time.beforeStart"
                : "incident.time.resolvedBeforeMitigated";
    }
}
