package org.hindsight.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Prometheus counters of the intake, by integration and outcome: {@code hindsight_alert_notifications_total}
 * (accepted; rejected: a wrong secret, a disabled integration, too large, not JSON, not the source's shape) and
 * {@code hindsight_alerts_total} (new, duplicate, resolved; rejected: the alerts a refused notification held, as
 * far as its shape tells). A post to an unknown integration is counted nowhere: it has no integration to name.
 */
@Component
class AlertMetrics {

    private final MeterRegistry registry;

    AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void received(String integration, AlertIntake.Outcome outcome) {
        notifications(integration, "accepted").increment();
        alerts(integration, "new").increment(outcome.created());
        alerts(integration, "duplicate").increment(outcome.duplicates());
        alerts(integration, "resolved").increment(outcome.resolved());
    }

    void rejected(String integration, int alertCount) {
        notifications(integration, "rejected").increment();
        alerts(integration, "rejected").increment(alertCount);
    }

    private Counter notifications(String integration, String outcome) {
        return Counter.builder("hindsight.alert.notifications").description("Alert notifications received")
                .tag("integration", integration).tag("outcome", outcome).register(registry);
    }

    private Counter alerts(String integration, String outcome) {
        return Counter.builder("hindsight.alerts").description("Alerts received, by what they did")
                .tag("integration", integration).tag("outcome", outcome).register(registry);
    }
}
