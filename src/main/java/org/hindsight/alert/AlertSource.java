package org.hindsight.alert;

/** Who sends an integration's notifications, and so the shape they have. */
public enum AlertSource {
    /** Prometheus Alertmanager's webhook receiver, payload version 4. */
    ALERTMANAGER,
    /** A Grafana contact point of type webhook: Alertmanager's shape plus Grafana's fields. */
    GRAFANA,
    /** Any script: {@code {title, description?, severity?, fingerprint?, start_time?, end_time?, service?, ...}}. */
    GENERIC
}
