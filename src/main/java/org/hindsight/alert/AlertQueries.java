package org.hindsight.alert;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.hindsight.alert.AlertViews.AlertRow;
import org.hindsight.alert.AlertViews.Payload;
import org.hindsight.incident.IncidentLabel;
import org.hindsight.incident.IncidentService;
import org.hindsight.system.RecordNotFoundException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading received alerts: newest first for the alerts page, by incident for the incident page. */
@Service
@Transactional(readOnly = true)
public class AlertQueries {

    static final Duration KEEP_PAYLOADS = Duration.ofDays(30);

    private final AlertRepository alerts;
    private final AlertNotificationRepository notifications;
    private final IntegrationRepository integrations;
    private final IncidentService incidents;
    private final Clock clock;

    AlertQueries(AlertRepository alerts, AlertNotificationRepository notifications, IntegrationRepository integrations,
            IncidentService incidents, Clock clock) {
        this.alerts = alerts;
        this.notifications = notifications;
        this.integrations = integrations;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** A page of alerts, the most recently heard of first (three queries, whatever the page size). */
    public Page<AlertRow> newestFirst(int page, int size) {
        Page<Alert> found = alerts.newestFirst(PageRequest.of(page, size));
        return found.map(rows(found.getContent())::get);
    }

    /** The most alerts the incident page lists (an alert storm can attach thousands); it says how many there are. */
    static final int INCIDENT_PAGE_ALERTS = 200;

    /** An incident's first {@value #INCIDENT_PAGE_ALERTS} alerts, in the order they started. */
    public List<AlertRow> forIncident(long incidentId) {
        List<Alert> found = alerts.findByIncidentIdOrderByStartsAtAscIdAsc(incidentId,
                PageRequest.of(0, INCIDENT_PAGE_ALERTS));
        Map<Alert, AlertRow> rows = rows(found);
        return found.stream().map(rows::get).toList();
    }

    public long countForIncident(long incidentId) {
        return alerts.countByIncidentId(incidentId);
    }

    public Payload payload(long alertId) {
        Alert alert = alerts.findById(alertId).orElseThrow(() -> new RecordNotFoundException("Alert", alertId));
        if (alert.getNotificationId() == null) {
            throw new RecordNotFoundException("Payload of alert", alertId);
        }
        AlertNotification notification = notifications.findById(alert.getNotificationId())
                .orElseThrow(() -> new RecordNotFoundException("Payload of alert", alertId));
        return new Payload(alertId, alert.getName(), notification.getReceivedAt(), notification.getPayload(),
                notification.isTruncated());
    }

    private Map<Alert, AlertRow> rows(List<Alert> found) {
        Map<Long, Integration> byId = new HashMap<>();
        integrations.findAllById(found.stream().map(Alert::getIntegrationId).distinct().toList())
                .forEach(i -> byId.put(i.getId(), i));
        Map<Long, IncidentLabel> labels = incidents.labels(found.stream().map(Alert::getIncidentId)
                .filter(Objects::nonNull).distinct().toList());
        Map<Alert, AlertRow> rows = new java.util.IdentityHashMap<>();
        for (Alert a : found) {
            Integration integration = byId.get(a.getIntegrationId());
            IncidentLabel label = a.getIncidentId() == null ? null : labels.get(a.getIncidentId());
            rows.put(a, new AlertRow(a.getId(), integration == null ? "" : integration.getName(),
                    integration == null ? null : integration.getSource(), a.getStatus(), a.getName(),
                    a.getSummary(), a.getLabels(), a.getFingerprint(), a.getLink(), a.getStartsAt(), a.getEndsAt(),
                    a.getFirstSeen(), a.getLastSeen(), label == null ? null : label.key(),
                    a.getNotificationId() != null));
        }
        return rows;
    }

    /** Raw payloads are kept 30 days; the alerts themselves stay. Idempotent, so every instance may run it. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    @Transactional
    public void forgetOldPayloads() {
        notifications.deleteReceivedBefore(clock.instant().minus(KEEP_PAYLOADS));
    }
}
