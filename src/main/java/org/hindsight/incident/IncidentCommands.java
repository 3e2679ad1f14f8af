package org.hindsight.incident;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What callers ask the {@link IncidentService} to do, already parsed (from a form or from JSON). */
public final class IncidentCommands {

    private IncidentCommands() {
    }

    /** Declare a new incident. Null {@code startedAt} means now; null {@code commander} means the declarer. */
    public record NewIncident(String title, Severity severity, IncidentStatus status, Instant startedAt,
            Instant detectedAt, String impact, BigDecimal usersAffectedPercent, List<String> services,
            String commander) {
    }

    /** The full editable state of an incident; {@code version} is the one the editor started from. */
    public record IncidentChanges(String title, Severity severity, IncidentStatus status,
            Map<SummaryTime, Instant> times, String impact, BigDecimal usersAffectedPercent, List<String> services,
            String commander, List<String> responders, String rootCauseSummary, String rootCause,
            String resolution, String contributingFactors, String lessons, String notes, long version) {
    }

    /**
     * A summary time that a key moment would change although it is set already: it waits for confirmation. Carried
     * to the next page in the session (a flash attribute), so it must be serializable.
     */
    public record PendingChange(SummaryTime time, Instant current, Instant proposed) implements Serializable {
    }

    /** What tagging key moments did to the summary. */
    public record KeyMomentOutcome(List<SummaryTime> applied, List<PendingChange> pending, List<SummaryTime> refused) {
    }
}
