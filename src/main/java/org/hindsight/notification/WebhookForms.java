package org.hindsight.notification;

import java.util.List;

import org.hindsight.notification.WebhookViews.WebhookView;

/** The forms of the webhook pages, bound from a request; {@link WebhookService#settings} checks them. */
final class WebhookForms {

    private WebhookForms() {
    }

    /**
     * A webhook's settings as typed: name, address, format, the events and severities ticked (none ticked: all
     * severities), on or off, and the version the form was made from (0 for a new one).
     */
    record WebhookForm(String name, String url, String format, List<String> events, List<String> severities,
            Boolean enabled, Long version) {

        /** An unticked box sends nothing: absent lists are empty, an absent "enabled" is off. */
        WebhookForm {
            events = events == null ? List.of() : List.copyOf(events);
            severities = severities == null ? List.of() : List.copyOf(severities);
            enabled = Boolean.TRUE.equals(enabled);
            version = version == null ? 0L : version;
        }

        static WebhookForm empty() {
            return new WebhookForm("", "", WebhookFormat.SLACK.name(), List.of(WebhookEvent.INCIDENT_DECLARED.name(),
                    WebhookEvent.STATUS_CHANGED.name()), List.of(), true, 0L);
        }

        static WebhookForm of(WebhookView webhook) {
            return new WebhookForm(webhook.name(), webhook.url(), webhook.format().name(),
                    webhook.eventList().stream().map(Enum::name).toList(),
                    webhook.severityList().stream().map(Enum::name).toList(), webhook.enabled(), webhook.version());
        }

        /** The same input, to be saved over {@code newVersion} (after a conflict, the version now stored). */
        WebhookForm withVersion(long newVersion) {
            return new WebhookForm(name, url, format, events, severities, enabled, newVersion);
        }
    }
}
