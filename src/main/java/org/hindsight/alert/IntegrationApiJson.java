package org.hindsight.alert;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hindsight.alert.IntegrationViews.IntegrationView;
import org.hindsight.incident.Severity;

/** The bodies of {@code /api/integrations}: what it answers and what it takes. */
final class IntegrationApiJson {

    private static final String URL = "The absolute address the sender posts its notifications to, with the header"
            + " Authorization: Bearer <secret>.";
    private static final String MAPPING = "Label values and their severities, comma-separated: "
            + "critical=SEV1,error=SEV2,warning=SEV3. A value not listed gets defaultSeverity.";
    private static final String SERVICE_LABELS = "The labels naming the affected service, comma-separated; the"
            + " first one an alert has wins.";
    private static final String GROUP_BY = "The labels whose values group alerts into one incident, comma-separated;"
            + " empty: the sender's own group key (generic payloads: alertname,service).";

    private IntegrationApiJson() {
    }

    /** An integration as the API returns it: never its secret. */
    @Schema(description = "An alert integration: one sender and how its alerts become incidents. Never the secret.")
    record IntegrationJson(
            long id,
            String name,
            AlertSource source,
            @Schema(description = "While false, the sender's notifications are refused with 403.") boolean enabled,
            @Schema(description = URL, format = "uri") String url,
            @Schema(description = "The secret's first characters, to tell secrets apart.") String secretHint,
            @Schema(description = "The label whose value picks the severity.") String severityLabel,
            @Schema(description = MAPPING) String severityMapping,
            Severity defaultSeverity,
            @Schema(description = SERVICE_LABELS) String serviceLabels,
            @Schema(description = GROUP_BY) String groupBy,
            @Schema(description = "What happens when every alert of an incident the integration declared has"
                    + " resolved.") OnAllResolved onAllResolved,
            Instant createdAt,
            @Schema(description = "Send it back with PATCH: a change made since is a 409.") long version) {

        static IntegrationJson of(IntegrationView i, String baseUrl) {
            IntegrationRules rules = i.rules();
            return new IntegrationJson(i.id(), i.name(), i.source(), i.enabled(), baseUrl + i.url(), i.secretHint(),
                    rules.severityLabel(), rules.severityMappingText(), rules.defaultSeverity(),
                    IntegrationForms.join(rules.serviceLabels()), IntegrationForms.join(rules.groupBy()),
                    rules.onAllResolved(), i.createdAt(), i.version());
        }
    }

    /** An integration with its new secret: only the answers to creating it and to rotating its secret. */
    @Schema(description = "An alert integration with its secret, shown this once: it is stored only as a hash.")
    record IntegrationSecretJson(
            long id,
            String name,
            AlertSource source,
            boolean enabled,
            @Schema(description = URL, format = "uri") String url,
            @Schema(description = "The secret the sender sends as Authorization: Bearer <secret>. Not shown again.")
            String secret,
            String secretHint,
            String severityLabel,
            @Schema(description = MAPPING) String severityMapping,
            Severity defaultSeverity,
            @Schema(description = SERVICE_LABELS) String serviceLabels,
            @Schema(description = GROUP_BY) String groupBy,
            OnAllResolved onAllResolved,
            Instant createdAt,
            long version) {

        static IntegrationSecretJson of(IntegrationViews.WithSecret created, String baseUrl) {
            IntegrationJson i = IntegrationJson.of(created.integration(), baseUrl);
            return new IntegrationSecretJson(i.id(), i.name(), i.source(), i.enabled(), i.url(), created.secret(),
                    i.secretHint(), i.severityLabel(), i.severityMapping(), i.defaultSeverity(), i.serviceLabels(),
                    i.groupBy(), i.onAllResolved(), i.createdAt(), i.version());
        }
    }

    /** A new integration; the rules left out are the defaults. */
    @Schema(description = "A new alert integration; rules left out take their defaults.")
    record NewIntegrationJson(
            @NotBlank @Size(max = IntegrationForms.NAME_MAX) String name,
            @NotNull @Schema(description = "The shape of the sender's notifications; cannot change later.")
            AlertSource source,
            @Size(max = IntegrationForms.SEVERITY_LABEL_MAX)
            @Schema(description = "The label whose value picks the severity.", defaultValue = "severity")
            String severityLabel,
            @Size(max = IntegrationForms.SEVERITY_MAPPING_MAX)
            @Schema(description = MAPPING, defaultValue = IntegrationRules.DEFAULT_SEVERITY_MAPPING)
            String severityMapping,
            @Schema(defaultValue = "SEV4") Severity defaultSeverity,
            @Size(max = IntegrationForms.LABELS_MAX)
            @Schema(description = SERVICE_LABELS, defaultValue = IntegrationRules.DEFAULT_SERVICE_LABELS)
            String serviceLabels,
            @Size(max = IntegrationForms.LABELS_MAX) @Schema(description = GROUP_BY, defaultValue = "")
            String groupBy,
            @Schema(defaultValue = "RECORD_ONLY") OnAllResolved onAllResolved) {
    }

    /** The body of PATCH, for the API's description only: the controller reads it as a merge patch. */
    @Schema(description = "A JSON merge patch: the fields present change; version is required. A null rule clears"
            + " it (the severity label returns to its default).")
    record IntegrationPatchJson(
            @Size(max = IntegrationForms.NAME_MAX) String name,
            Boolean enabled,
            @Size(max = IntegrationForms.SEVERITY_LABEL_MAX) String severityLabel,
            @Size(max = IntegrationForms.SEVERITY_MAPPING_MAX) @Schema(description = MAPPING) String severityMapping,
            Severity defaultSeverity,
            @Size(max = IntegrationForms.LABELS_MAX) @Schema(description = SERVICE_LABELS) String serviceLabels,
            @Size(max = IntegrationForms.LABELS_MAX) @Schema(description = GROUP_BY) String groupBy,
            OnAllResolved onAllResolved,
            @NotNull @Schema(description = "The version last read; a change made since is a 409.") Long version) {
    }
}
