package org.hindsight.incident;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.hindsight.user.User;

/** Read models of incidents, built inside the transaction and safe to render after it. */
public final class IncidentViews {

    private IncidentViews() {
    }

    /** A user as incidents show them. */
    public record UserRef(long id, String username, String displayName) {
        static UserRef of(User user) {
            return user == null ? null : new UserRef(user.getId(), user.getUsername(), user.getDisplayName());
        }
    }

    /**
     * The incident's durations, from its summary times; null where a time it needs is unset. Time to detect:
     * impact detected − started; to respond: response started − impact detected; to mitigate: mitigated − started;
     * to resolve: resolved − started. The one definition: the incident page, the postmortem and insights use it.
     */
    public record Durations(Long toDetectSeconds, Long toRespondSeconds, Long toMitigateSeconds,
            Long toResolveSeconds) {

        static Durations of(Incident incident) {
            return of(incident.getStartedAt(), incident.get(SummaryTime.DETECTED), incident.get(SummaryTime.RESPONDED),
                    incident.get(SummaryTime.MITIGATED), incident.get(SummaryTime.RESOLVED));
        }

        public static Durations of(Instant started, Instant detected, Instant responded, Instant mitigated,
                Instant resolved) {
            return new Durations(seconds(started, detected), seconds(detected, responded), seconds(started, mitigated),
                    seconds(started, resolved));
        }

        private static Long seconds(Instant from, Instant to) {
            return from == null || to == null ? null : Duration.between(from, to).toSeconds();
        }
    }

    /** Everything about one incident, for its page and the API. */
    public record IncidentDetails(long id, String key, String title, Severity severity, IncidentStatus status,
            Instant startedAt, Instant detectedAt, Instant respondedAt, Instant identifiedAt, Instant mitigatedAt,
            Instant resolvedAt, String impact, BigDecimal usersAffectedPercent, List<String> services,
            UserRef commander, List<UserRef> responders, String rootCauseSummary, String rootCause,
            String resolution, String contributingFactors, String lessons, String notes, Durations durations,
            Instant createdAt, Instant updatedAt, long revision, long version) {

        static IncidentDetails of(Incident i) {
            return new IncidentDetails(i.getId(), i.getKey(), i.getTitle(), i.getSeverity(), i.getStatus(),
                    i.getStartedAt(), i.get(SummaryTime.DETECTED), i.get(SummaryTime.RESPONDED),
                    i.get(SummaryTime.IDENTIFIED), i.get(SummaryTime.MITIGATED), i.get(SummaryTime.RESOLVED),
                    i.getImpact(), i.getUsersAffectedPercent(),
                    i.getServices().stream().map(AffectedService::getName).toList(), UserRef.of(i.getCommander()),
                    i.getResponders().stream().sorted(Comparator.comparing(User::getDisplayName))
                            .map(UserRef::of).toList(),
                    i.getRootCauseSummary(), i.getRootCause(), i.getResolution(), i.getContributingFactors(),
                    i.getLessons(), i.getNotes(), Durations.of(i), i.getCreatedAt(), i.getUpdatedAt(), i.getRevision(),
                    i.getVersion());
        }

        /** The summary time fields in their order, for templates. */
        public List<SummaryTime> timeFields() {
            return List.of(SummaryTime.values());
        }

        public Instant get(SummaryTime which) {
            return switch (which) {
                case STARTED -> startedAt;
                case DETECTED -> detectedAt;
                case RESPONDED -> respondedAt;
                case IDENTIFIED -> identifiedAt;
                case MITIGATED -> mitigatedAt;
                case RESOLVED -> resolvedAt;
            };
        }
    }

    /** One row of the incident list. */
    public record IncidentRow(String key, String title, Severity severity, IncidentStatus status, Instant startedAt,
            Instant resolvedAt, long openActions, PostmortemState postmortemState) {
    }
}
