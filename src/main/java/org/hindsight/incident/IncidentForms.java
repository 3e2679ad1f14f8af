package org.hindsight.incident;

import java.beans.PropertyEditorSupport;
import java.math.BigDecimal;
import java.time.LocalDateTime;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;

/** Incident forms. Times are local to the editor's time zone, as a datetime-local input gives them. */
final class IncidentForms {

    static final int MARKDOWN_MAX = 20000;

    /** The share of users affected holds at most two decimals: the column is NUMERIC(5, 2). */
    static final int PERCENT_DECIMALS = 2;

    private IncidentForms() {
    }

    /**
     * Reads the share of users affected: a decimal number with at most two decimals ({@code 12.5}, {@code 12.50});
     * anything else ({@code 33.333}, {@code 1e-999999999}, text) is a value the field cannot take, named at the field
     * with what was typed ({@code typeMismatch.usersAffectedPercent}).
     */
    static final class PercentEditor extends PropertyEditorSupport {

        @Override
        public void setAsText(String text) {
            if (text == null || text.isBlank()) {
                setValue(null);
                return;
            }
            BigDecimal value = new BigDecimal(text.strip()); // NumberFormatException is an IllegalArgumentException
            if (value.stripTrailingZeros().scale() > PERCENT_DECIMALS) {
                throw new IllegalArgumentException("More than " + PERCENT_DECIMALS + " decimals");
            }
            setValue(value);
        }

        @Override
        public String getAsText() {
            // toString, never toPlainString: 1E+999999999 stays 12 characters
            return getValue() == null ? "" : getValue().toString();
        }
    }

    /** Declare an incident: only what is known in the first minute. */
    record NewIncident(
            @NotBlank @Size(max = 200) String title,
            @NotNull Severity severity,
            @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime startedAt,
            @Size(max = MARKDOWN_MAX) String impact,
            @DecimalMin("0") @DecimalMax("100") BigDecimal usersAffectedPercent,
            @Size(max = 2000) String services,
            @Size(max = 64) String commander,
            @Size(max = 2000) String responders) {

        static NewIncident empty() {
            return new NewIncident("", Severity.SEV2, null, "", null, "", "", "");
        }
    }

    /**
     * Everything editable about an incident, bound field by field from the request by name (never by position). Fills
     * itself from an incident with {@link #of(IncidentViews.IncidentDetails, java.time.ZoneId)}.
     */
    static final class EditIncident {

        @NotBlank @Size(max = 200)
        private String title;

        @NotNull
        private Severity severity;

        @NotNull
        private IncidentStatus status;

        @NotNull @DateTimeFormat(iso = ISO.DATE_TIME)
        private LocalDateTime startedAt;

        @DateTimeFormat(iso = ISO.DATE_TIME)
        private LocalDateTime detectedAt;

        @DateTimeFormat(iso = ISO.DATE_TIME)
        private LocalDateTime respondedAt;

        @DateTimeFormat(iso = ISO.DATE_TIME)
        private LocalDateTime identifiedAt;

        @DateTimeFormat(iso = ISO.DATE_TIME)
        private LocalDateTime mitigatedAt;

        @DateTimeFormat(iso = ISO.DATE_TIME)
        private LocalDateTime resolvedAt;

        @Size(max = MARKDOWN_MAX)
        private String impact;

        @DecimalMin("0") @DecimalMax("100")
        private BigDecimal usersAffectedPercent;

        @Size(max = 2000)
        private String services;

        @Size(max = 64)
        private String commander;

        @Size(max = 2000)
        private String responders;

        @Size(max = 500)
        private String rootCauseSummary;

        @Size(max = MARKDOWN_MAX)
        private String rootCause;

        @Size(max = MARKDOWN_MAX)
        private String resolution;

        @Size(max = MARKDOWN_MAX)
        private String contributingFactors;

        @Size(max = MARKDOWN_MAX)
        private String lessons;

        @Size(max = MARKDOWN_MAX)
        private String notes;

        private long version;

        /** The form as the incident is now, its times in {@code zone}. */
        static EditIncident of(IncidentViews.IncidentDetails i, java.time.ZoneId zone) {
            EditIncident f = new EditIncident();
            f.title = i.title();
            f.severity = i.severity();
            f.status = i.status();
            f.startedAt = local(i.startedAt(), zone);
            f.detectedAt = local(i.detectedAt(), zone);
            f.respondedAt = local(i.respondedAt(), zone);
            f.identifiedAt = local(i.identifiedAt(), zone);
            f.mitigatedAt = local(i.mitigatedAt(), zone);
            f.resolvedAt = local(i.resolvedAt(), zone);
            f.impact = i.impact();
            f.usersAffectedPercent = i.usersAffectedPercent();
            f.services = String.join(", ", i.services());
            f.commander = i.commander() == null ? "" : i.commander().username();
            f.responders = String.join(", ", i.responders().stream().map(IncidentViews.UserRef::username).toList());
            f.rootCauseSummary = i.rootCauseSummary();
            f.rootCause = i.rootCause();
            f.resolution = i.resolution();
            f.contributingFactors = i.contributingFactors();
            f.lessons = i.lessons();
            f.notes = i.notes();
            f.version = i.version();
            return f;
        }

        private static LocalDateTime local(java.time.Instant instant, java.time.ZoneId zone) {
            return instant == null ? null : LocalDateTime.ofInstant(instant, zone);
        }

        public String getTitle() {
            return title;
        }

        public void setTitle(String title) {
            this.title = title;
        }

        public Severity getSeverity() {
            return severity;
        }

        public void setSeverity(Severity severity) {
            this.severity = severity;
        }

        public IncidentStatus getStatus() {
            return status;
        }

        public void setStatus(IncidentStatus status) {
            this.status = status;
        }

        public LocalDateTime getStartedAt() {
            return startedAt;
        }

        public void setStartedAt(LocalDateTime startedAt) {
            this.startedAt = startedAt;
        }

        public LocalDateTime getDetectedAt() {
            return detectedAt;
        }

        public void setDetectedAt(LocalDateTime detectedAt) {
            this.detectedAt = detectedAt;
        }

        public LocalDateTime getRespondedAt() {
            return respondedAt;
        }

        public void setRespondedAt(LocalDateTime respondedAt) {
            this.respondedAt = respondedAt;
        }

        public LocalDateTime getIdentifiedAt() {
            return identifiedAt;
        }

        public void setIdentifiedAt(LocalDateTime identifiedAt) {
            this.identifiedAt = identifiedAt;
        }

        public LocalDateTime getMitigatedAt() {
            return mitigatedAt;
        }

        public void setMitigatedAt(LocalDateTime mitigatedAt) {
            this.mitigatedAt = mitigatedAt;
        }

        public LocalDateTime getResolvedAt() {
            return resolvedAt;
        }

        public void setResolvedAt(LocalDateTime resolvedAt) {
            this.resolvedAt = resolvedAt;
        }

        public String getImpact() {
            return impact;
        }

        public void setImpact(String impact) {
            this.impact = impact;
        }

        public BigDecimal getUsersAffectedPercent() {
            return usersAffectedPercent;
        }

        public void setUsersAffectedPercent(BigDecimal usersAffectedPercent) {
            this.usersAffectedPercent = usersAffectedPercent;
        }

        public String getServices() {
            return services;
        }

        public void setServices(String services) {
            this.services = services;
        }

        public String getCommander() {
            return commander;
        }

        public void setCommander(String commander) {
            this.commander = commander;
        }

        public String getResponders() {
            return responders;
        }

        public void setResponders(String responders) {
            this.responders = responders;
        }

        public String getRootCauseSummary() {
            return rootCauseSummary;
        }

        public void setRootCauseSummary(String rootCauseSummary) {
            this.rootCauseSummary = rootCauseSummary;
        }

        public String getRootCause() {
            return rootCause;
        }

        public void setRootCause(String rootCause) {
            this.rootCause = rootCause;
        }

        public String getResolution() {
            return resolution;
        }

        public void setResolution(String resolution) {
            this.resolution = resolution;
        }

        public String getContributingFactors() {
            return contributingFactors;
        }

        public void setContributingFactors(String contributingFactors) {
            this.contributingFactors = contributingFactors;
        }

        public String getLessons() {
            return lessons;
        }

        public void setLessons(String lessons) {
            this.lessons = lessons;
        }

        public String getNotes() {
            return notes;
        }

        public void setNotes(String notes) {
            this.notes = notes;
        }

        public long getVersion() {
            return version;
        }

        public void setVersion(long version) {
            this.version = version;
        }
    }

    /** Move to another status. */
    record StatusChange(@NotNull IncidentStatus status) {
    }
}
