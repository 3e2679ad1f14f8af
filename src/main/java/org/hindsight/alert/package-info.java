/**
 * Alerts in: integrations that senders (Prometheus Alertmanager, Grafana, any script) post their notifications to,
 * and the intake that turns each alert, identified by its fingerprint, into exactly one timeline event per firing and
 * one per resolution, declaring an incident for a new group of alerts. A consumer of the incident and timeline
 * modules' public APIs; no module depends on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Alerts",
        allowedDependencies = {"system", "user", "incident", "timeline"})
package org.hindsight.alert;
