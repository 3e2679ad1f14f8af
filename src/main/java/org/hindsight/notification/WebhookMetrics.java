package org.hindsight.notification;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code hindsight_webhook_deliveries_total{format, outcome}}: every attempt, by the webhook's format (the channel)
 * and what came of it: {@code delivered} (2xx), {@code retry} (failed, tried again later) or {@code failed}
 * (refused by the receiver, or the last attempt before giving up).
 */
@Component
class WebhookMetrics {

    private final MeterRegistry registry;

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempted(WebhookFormat format, DeliveryWorker.Outcome outcome) {
        Counter.builder("hindsight.webhook.deliveries").description("Webhook delivery attempts, by what came of them")
                .tag("format", format.name()).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
