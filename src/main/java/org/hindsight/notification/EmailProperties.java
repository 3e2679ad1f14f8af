package org.hindsight.notification;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How email reminders are sent (application.properties, README "Notifications"); the SMTP server itself is Spring
 * Boot's {@code spring.mail.*}. {@code from} is the sender's address, {@code background} runs the digest job and the
 * workers (off in tests, which call them), {@code digestCheckInterval} how often one instance decides the digests
 * due, {@code pollInterval} how often each instance looks for emails to send, {@code claimLease} how long a claimed
 * email is its worker's, {@code retryDelays} the waits after each failed attempt (the last repeats) until
 * {@code giveUpAfter}, {@code keepDeliveries} how long sent and failed emails stay in the log.
 */
@ConfigurationProperties("hindsight.email")
public record EmailProperties(String from, boolean background, Duration digestCheckInterval, Duration pollInterval,
        Duration claimLease, List<Duration> retryDelays, Duration giveUpAfter, Duration keepDeliveries) {

    public EmailProperties {
        from = from == null ? "" : from.strip();
        retryDelays = retryDelays == null || retryDelays.isEmpty() ? List.of(Duration.ofMinutes(1))
                : List.copyOf(retryDelays);
    }
}
