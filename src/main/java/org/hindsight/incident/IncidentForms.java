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
            @Size(max = 64) String commander) {

        static NewIncident empty() {
            return new NewIncident("", Severity.SEV2, null, "", null, "", "");
        }
    }

    /** Everything editable about an incident. */
    record EditIncident(
            @NotBlank @Size(max = 200) String title,
            @NotNull Severity severity,
            @NotNull IncidentStatus status,
            @NotNull @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime startedAt,
            @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime detectedAt,
            @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime respondedAt,
            @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime identifiedAt,
            @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime mitigatedAt,
            @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime resolvedAt,
            @Size(max = MARKDOWN_MAX) String impact,
            @DecimalMin("0") @DecimalMax("100") BigDecimal usersAffectedPercent,
            @Size(max = 2000) String services,
            @Size(max = 64) String commander,
            @Size(max = 2000) String responders,
            @Size(max = 500) String rootCauseSummary,
            @Size(max = MARKDOWN_MAX) String rootCause,
            @Size(max = MARKDOWN_MAX) String resolution,
            @Size(max = MARKDOWN_MAX) String contributingFactors,
            @Size(max = MARKDOWN_MAX) String lessons,
            @Size(max = MARKDOWN_MAX) String notes,
            long version) {
    }

    /** Move to another status. */
    record StatusChange(@NotNull IncidentStatus status) {
    }
}
