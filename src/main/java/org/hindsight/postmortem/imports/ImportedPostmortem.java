package org.hindsight.postmortem.imports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;
import org.hindsight.incident.Severity;
import org.hindsight.incident.SummaryTime;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;

/**
 * What the parser understood of a Markdown postmortem, before anything is saved. Markdown fields hold the
 * document's own source text; {@code notes} holds what fits no field, under its original heading.
 * {@code missingDate}: some times had no date and none was given; their events have no instant yet.
 */
public record ImportedPostmortem(String title, Severity severity, Map<SummaryTime, Instant> times, String impact,
        BigDecimal usersAffectedPercent, List<String> services, String rootCauseSummary, String rootCause,
        String resolution, String contributingFactors, String lessons, String notes, List<Event> events,
        List<Action> actions, List<String> keptAsNotes, List<Warning> warnings, boolean missingDate,
        boolean zoneAssumed, Map<SummaryTime, Evidence> evidence) {

    /** A timeline event; {@code at} is null while its date is unknown. {@code timeText} is as written. */
    public record Event(String timeText, Instant at, String text, EventKind kind, Set<KeyMoment> keyMoments) {
    }

    /** An action item; {@code owner} is the name as written (matched to an account when saving). */
    public record Action(ActionCategory category, String title, String details, String owner, LocalDate dueDate,
            ActionType type, ActionPriority priority, ActionStatus status, String wontDoReason,
            String trackerUrl) {
    }

    /** Something the user should know: a {@code messages.properties} code and its arguments. */
    public record Warning(String code, List<String> args) {

        static Warning of(String code, Object... args) {
            return new Warning(code, java.util.Arrays.stream(args).map(String::valueOf).toList());
        }
    }

    /**
     * What a summary time was read from ("the End line", "the last timeline entry"): a {@code messages.properties}
     * code and its arguments. {@code guess}: no line of the document states it, it was inferred.
     */
    public record Evidence(String code, List<String> args, boolean guess) {

        static Evidence of(String code, Object... args) {
            return new Evidence(code, java.util.Arrays.stream(args).map(String::valueOf).toList(), false);
        }

        static Evidence guessed(String code, Object... args) {
            return new Evidence(code, java.util.Arrays.stream(args).map(String::valueOf).toList(), true);
        }
    }

    public Instant startedAt() {
        return times.get(SummaryTime.STARTED);
    }

    public Instant resolvedAt() {
        return times.get(SummaryTime.RESOLVED);
    }

    /** Whether anything at all was recognised (a title alone is not enough). */
    public boolean understoodAnything() {
        return startedAt() != null || impact != null || rootCauseSummary != null || rootCause != null
                || resolution != null || contributingFactors != null || lessons != null || !events.isEmpty()
                || !actions.isEmpty();
    }
}
