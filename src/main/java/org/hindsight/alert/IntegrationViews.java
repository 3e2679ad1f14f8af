package org.hindsight.alert;

import java.time.Instant;

/** Integrations as pages and the API show them. */
public final class IntegrationViews {

    private IntegrationViews() {
    }

    /** An integration; {@code url} is the path senders post to (the page and the API make it absolute). */
    public record IntegrationView(long id, String name, AlertSource source, boolean enabled, String url,
            String secretHint, IntegrationRules rules, Instant createdAt, long version) {

        static IntegrationView of(Integration integration) {
            return new IntegrationView(integration.getId(), integration.getName(), integration.getSource(),
                    integration.isEnabled(), IntegrationService.intakePath(integration.getId()),
                    integration.getSecretHint(), integration.rules(), integration.getCreatedAt(),
                    integration.getVersion());
        }
    }

    /** A new or rotated secret: shown once, never stored. */
    public record WithSecret(IntegrationView integration, String secret) {
    }
}
