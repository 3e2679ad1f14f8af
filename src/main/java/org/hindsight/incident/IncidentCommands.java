package org.hindsight.incident;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What callers ask the {@link IncidentService} to do, already parsed (from a form or from JSON). */
public final class IncidentCommands {

    private IncidentCommands() {
    }

    /**
     * Declare a new incident. Null {@code startedAt} means now; null {@code commander} means the declarer;
     * {@code responders} (usernames, may be null) join the declarer, who is always one.
     */
    public record NewIncident(String title, Severity severity, IncidentStatus status, Instant startedAt,
            Instant detectedAt, String impact, BigDecimal usersAffectedPercent, List<String> services,
            String commander, List<String> responders) {

        /** Without other responders than the declarer. */
        public NewIncident(String title, Severity severity, IncidentStatus status, Instant startedAt,
                Instant detectedAt, String impact, BigDecimal usersAffectedPercent, List<String> services,
                String commander) {
            this(title, severity, status, startedAt, detectedAt, impact, usersAffectedPercent, services, commander,
                    List.of());
        }
    }

    /**
     * The full editable state of an incident; {@code version} is the one the editor started from. Built by name, never
     * by position: {@link #from(IncidentViews.IncidentDetails)} starts from the incident as it is (each field kept
     * unless set), {@link #replacing(long)} from nothing (an edit form that sends every field).
     */
    public static final class IncidentChanges {

        private final String title;
        private final Severity severity;
        private final IncidentStatus status;
        private final Map<SummaryTime, Instant> times;
        private final String impact;
        private final BigDecimal usersAffectedPercent;
        private final List<String> services;
        private final String commander;
        private final List<String> responders;
        private final String rootCauseSummary;
        private final String rootCause;
        private final String resolution;
        private final String contributingFactors;
        private final String lessons;
        private final String notes;
        private final long version;

        private IncidentChanges(Builder b) {
            this.title = b.title;
            this.severity = b.severity;
            this.status = b.status;
            this.times = Collections.unmodifiableMap(new EnumMap<>(b.times));
            this.impact = b.impact;
            this.usersAffectedPercent = b.usersAffectedPercent;
            this.services = b.services;
            this.commander = b.commander;
            this.responders = b.responders;
            this.rootCauseSummary = b.rootCauseSummary;
            this.rootCause = b.rootCause;
            this.resolution = b.resolution;
            this.contributingFactors = b.contributingFactors;
            this.lessons = b.lessons;
            this.notes = b.notes;
            this.version = b.version;
        }

        /** Changes of the incident as it is now: every field keeps its current value until set. */
        public static Builder from(IncidentViews.IncidentDetails now) {
            Builder b = new Builder(now.version());
            b.title = now.title();
            b.severity = now.severity();
            b.status = now.status();
            for (SummaryTime time : SummaryTime.values()) {
                b.times.put(time, now.get(time));
            }
            b.impact = now.impact();
            b.usersAffectedPercent = now.usersAffectedPercent();
            b.services = now.services();
            b.commander = now.commander() == null ? null : now.commander().username();
            b.responders = now.responders().stream().map(IncidentViews.UserRef::username).toList();
            b.rootCauseSummary = now.rootCauseSummary();
            b.rootCause = now.rootCause();
            b.resolution = now.resolution();
            b.contributingFactors = now.contributingFactors();
            b.lessons = now.lessons();
            b.notes = now.notes();
            return b;
        }

        /** Changes that give every field anew (an unset field is cleared), made from {@code version}. */
        public static Builder replacing(long version) {
            return new Builder(version);
        }

        public String title() {
            return title;
        }

        public Severity severity() {
            return severity;
        }

        public IncidentStatus status() {
            return status;
        }

        public Map<SummaryTime, Instant> times() {
            return times;
        }

        public String impact() {
            return impact;
        }

        public BigDecimal usersAffectedPercent() {
            return usersAffectedPercent;
        }

        public List<String> services() {
            return services;
        }

        public String commander() {
            return commander;
        }

        public List<String> responders() {
            return responders;
        }

        public String rootCauseSummary() {
            return rootCauseSummary;
        }

        public String rootCause() {
            return rootCause;
        }

        public String resolution() {
            return resolution;
        }

        public String contributingFactors() {
            return contributingFactors;
        }

        public String lessons() {
            return lessons;
        }

        public String notes() {
            return notes;
        }

        public long version() {
            return version;
        }

        /** Sets fields by name; {@link #build()} makes the changes. */
        public static final class Builder {

            private String title;
            private Severity severity;
            private IncidentStatus status;
            private final Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
            private String impact;
            private BigDecimal usersAffectedPercent;
            private List<String> services = List.of();
            private String commander;
            private List<String> responders = List.of();
            private String rootCauseSummary;
            private String rootCause;
            private String resolution;
            private String contributingFactors;
            private String lessons;
            private String notes;
            private long version;

            private Builder(long version) {
                this.version = version;
            }

            public Builder title(String title) {
                this.title = title;
                return this;
            }

            public Builder severity(Severity severity) {
                this.severity = severity;
                return this;
            }

            public Builder status(IncidentStatus status) {
                this.status = status;
                return this;
            }

            /** One summary time (null clears it). */
            public Builder time(SummaryTime time, Instant at) {
                this.times.put(time, at);
                return this;
            }

            /** Every summary time: those missing from {@code times} are cleared. */
            public Builder times(Map<SummaryTime, Instant> times) {
                this.times.clear();
                for (SummaryTime time : SummaryTime.values()) {
                    this.times.put(time, times.get(time));
                }
                return this;
            }

            public Builder impact(String impact) {
                this.impact = impact;
                return this;
            }

            public Builder usersAffectedPercent(BigDecimal usersAffectedPercent) {
                this.usersAffectedPercent = usersAffectedPercent;
                return this;
            }

            public Builder services(List<String> services) {
                this.services = services;
                return this;
            }

            public Builder commander(String commander) {
                this.commander = commander;
                return this;
            }

            public Builder responders(List<String> responders) {
                this.responders = responders;
                return this;
            }

            public Builder rootCauseSummary(String rootCauseSummary) {
                this.rootCauseSummary = rootCauseSummary;
                return this;
            }

            public Builder rootCause(String rootCause) {
                this.rootCause = rootCause;
                return this;
            }

            public Builder resolution(String resolution) {
                this.resolution = resolution;
                return this;
            }

            public Builder contributingFactors(String contributingFactors) {
                this.contributingFactors = contributingFactors;
                return this;
            }

            public Builder lessons(String lessons) {
                this.lessons = lessons;
                return this;
            }

            public Builder notes(String notes) {
                this.notes = notes;
                return this;
            }

            public Builder version(long version) {
                this.version = version;
                return this;
            }

            public IncidentChanges build() {
                return new IncidentChanges(this);
            }
        }
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
