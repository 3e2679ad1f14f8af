package org.hindsight.notification;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code hindsight_email_deliveries_total{kind, outcome}}: every attempt to send an email, by kind ({@code daily},
 * {@code weekly}, {@code test}) and what came of it: {@code sent}, {@code retry} (tried again later) or {@code failed}
 * (refused by the server for good, or the last attempt before giving up).
 */
@Component
class EmailMetrics {

    private final MeterRegistry registry;

    EmailMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempted(MailOutbox.Kind kind, SmtpSender.Outcome outcome) {
        Counter.builder("hindsight.email.deliveries").description("Email delivery attempts, by what came of them")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }
}
