package org.hindsight.notification;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import org.hindsight.incident.Severity;
import org.hindsight.notification.WebhookViews.WebhookView;
import org.hindsight.notification.WebhookViews.WithSecret;

/** The bodies of {@code /api/webhooks}: what it answers and what it takes. */
final class WebhookApiJson {

    private static final String URL = "Where messages are posted: an http:// or https:// address (a Slack, Mattermost,"
            + " Teams Workflows or Discord webhook address, or your own receiver).";
    private static final String EVENTS = "What the webhook is told about: INCIDENT_DECLARED, SEVERITY_CHANGED,"
            + " STATUS_CHANGED, KEY_MOMENT, POSTMORTEM_PUBLISHED, ACTION_ITEM_OVERDUE.";
    private static final String SEVERITIES = "Only incidents of these severities (SEV1 to SEV4); empty or left out:"
            + " all.";
    private static final String FORMAT = "SLACK, MATTERMOST, TEAMS, DISCORD or GENERIC (signed JSON).";

    private WebhookApiJson() {
    }

    @Schema(description = "A webhook: where and what Hindsight announces. Never the secret.")
    record WebhookJson(
            long id,
            String name,
            @Schema(description = URL, format = "uri") String url,
            @Schema(description = FORMAT) WebhookFormat format,
            @Schema(description = EVENTS) List<WebhookEvent> events,
            @Schema(description = SEVERITIES) List<Severity> severities,
            @Schema(description = "While false nothing is sent.") boolean enabled,
            @Schema(description = "The secret's first characters, to tell secrets apart.") String secretHint,
            Instant createdAt,
            @Schema(description = "Send it back with PATCH: a change made since is a 409.") long version) {

        static WebhookJson of(WebhookView w) {
            return new WebhookJson(w.id(), w.name(), w.url(), w.format(), w.eventList(), w.severityList(),
                    w.enabled(), w.secretHint(), w.createdAt(), w.version());
        }
    }

    @Schema(description = "A new webhook with its secret, shown this once: it signs the messages"
            + " (X-Hindsight-Signature).")
    record WebhookSecretJson(
            long id,
            String name,
            @Schema(format = "uri") String url,
            WebhookFormat format,
            List<WebhookEvent> events,
            List<Severity> severities,
            boolean enabled,
            @Schema(description = "The HMAC-SHA256 key of X-Hindsight-Signature. Not shown again.") String secret,
            String secretHint,
            Instant createdAt,
            long version) {

        static WebhookSecretJson of(WithSecret created) {
            WebhookJson w = WebhookJson.of(created.webhook());
            return new WebhookSecretJson(w.id(), w.name(), w.url(), w.format(), w.events(), w.severities(),
                    w.enabled(), created.secret(), w.secretHint(), w.createdAt(), w.version());
        }
    }

    @Schema(description = "A new webhook.")
    record NewWebhookJson(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = WebhookSettings.NAME_MAX) String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = URL, format = "uri",
                    maxLength = WebhookSettings.URL_MAX) String url,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = FORMAT,
                    allowableValues = {"SLACK", "MATTERMOST", "TEAMS", "DISCORD", "GENERIC"}) String format,
            @ArraySchema(minItems = 1, schema = @Schema(allowableValues = {"INCIDENT_DECLARED", "SEVERITY_CHANGED",
                    "STATUS_CHANGED", "KEY_MOMENT", "POSTMORTEM_PUBLISHED", "ACTION_ITEM_OVERDUE"}),
                    arraySchema = @Schema(description = EVENTS)) List<String> events,
            @ArraySchema(schema = @Schema(allowableValues = {"SEV1", "SEV2", "SEV3", "SEV4"}),
                    arraySchema = @Schema(description = SEVERITIES)) List<String> severities) {
    }

    /** The body of PATCH, for the API's description only: the controller reads it as a merge patch. */
    @Schema(description = "A JSON merge patch: the fields present change; version is required.")
    record WebhookPatchJson(
            @Schema(maxLength = WebhookSettings.NAME_MAX) String name,
            @Schema(description = URL, format = "uri") String url,
            @Schema(description = FORMAT) String format,
            @Schema(description = EVENTS) List<String> events,
            @Schema(description = SEVERITIES) List<String> severities,
            Boolean enabled,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The version last read; a change"
                    + " made since is a 409.") Long version) {
    }
}
