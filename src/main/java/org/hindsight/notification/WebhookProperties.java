package org.hindsight.notification;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How webhooks are delivered (application.properties, README "Notifications"): {@code background} runs the workers
 * (off in tests, which call them), {@code pollInterval} how often each instance looks for due deliveries besides
 * the nudge after each change, {@code connectTimeout} and {@code readTimeout} bound a receiver that does not answer,
 * {@code senders} the deliveries an instance sends at once, {@code claimLease} how long a claimed delivery is its
 * worker's before another may take it (longer than any attempt), {@code retryDelays} the waits after each failed
 * attempt (the last one repeats) until {@code giveUpAfter} since the change, {@code keepDeliveries} how long the
 * delivery log keeps finished deliveries, {@code allowedHosts} (empty: any) the hosts webhooks may post to, and
 * {@code overdueCheckInterval} how often one instance looks for action items that became overdue.
 */
@ConfigurationProperties("hindsight.webhooks")
public record WebhookProperties(boolean background, Duration pollInterval, Duration connectTimeout,
        Duration readTimeout, int senders, Duration claimLease, List<Duration> retryDelays, Duration giveUpAfter,
        Duration keepDeliveries, List<String> allowedHosts, Duration overdueCheckInterval) {

    public WebhookProperties {
        retryDelays = retryDelays == null || retryDelays.isEmpty() ? List.of(Duration.ofMinutes(1))
                : List.copyOf(retryDelays);
        allowedHosts = allowedHosts == null ? List.of()
                : allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty()).toList();
    }
}
