package org.hindsight.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import org.hindsight.incident.IncidentService;
import org.hindsight.timeline.EventKind;
import org.hindsight.timeline.KeyMoment;
import org.hindsight.timeline.TimelineService;
import org.hindsight.timeline.TimelineService.RecordedEvent;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes one notification in, in one transaction: the raw payload, each alert's row (by fingerprint), the incident a
 * new group of alerts declares, and the timeline events, all or nothing. Exactly once: a fingerprint's first firing
 * writes one ALERT event, its resolution one more, and repeats write nothing, because the rows are read under lock
 * and created under unique keys. Two notifications that race to create the same row or group make one of them fail
 * its transaction; it is run again, and then sees what the other wrote.
 */
@Service
class AlertIntake {

    private static final int ATTEMPTS = 12;

    private final AlertRepository alerts;
    private final AlertGroupRepository groups;
    private final AlertNotificationRepository notifications;
    private final IncidentService incidents;
    private final TimelineService timeline;
    private final AlertMetrics metrics;
    private final TransactionTemplate transaction;
    private final Clock clock;

    AlertIntake(AlertRepository alerts, AlertGroupRepository groups, AlertNotificationRepository notifications,
            IncidentService incidents, TimelineService timeline, AlertMetrics metrics,
            PlatformTransactionManager transactions, Clock clock) {
        this.alerts = alerts;
        this.groups = groups;
        this.notifications = notifications;
        this.incidents = incidents;
        this.timeline = timeline;
        this.metrics = metrics;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** What one notification did, per alert outcome; {@code incidents} are the keys of the incidents it touched. */
    record Outcome(int created, int duplicates, int resolved, List<String> declared, Set<Long> incidentIds) {
    }

    /** Takes a notification in; retries when another notification won a race for the same rows. */
    Outcome receive(Integration integration, String payload, List<IncomingAlert> received) {
        IntegrationRules rules = integration.rules();
        List<IncomingAlert> grouped = received.stream()
                .map(alert -> alert.withGroupKey(groupKey(rules, alert))).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = transaction.execute(status -> take(integration.getId(), integration.getName(),
                        rules, payload, grouped));
                metrics.received(integration.getName(), outcome);
                return outcome;
            } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
                // only a lost race is worth another try: a row another intake inserted first (a unique key), a lock
                if (attempt == ATTEMPTS || !(e instanceof ConcurrencyFailureException || isUniqueViolation(e))) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private Outcome take(long integrationId, String integrationName, IntegrationRules rules,
            String payload, List<IncomingAlert> received) {
        Instant now = clock.instant();
        AlertNotification notification = notifications.save(new AlertNotification(integrationId, now, payload,
                received.size()));
        // one entry per fingerprint: the latest word on it in this notification
        Map<String, IncomingAlert> byFingerprint = new TreeMap<>();
        for (IncomingAlert alert : received) {
            byFingerprint.merge(alert.fingerprint(), alert, AlertIntake::later);
        }
        Map<String, Alert> known = new HashMap<>();
        if (!byFingerprint.isEmpty()) {
            for (Alert alert : alerts.lockByFingerprints(integrationId, byFingerprint.keySet())) {
                known.put(alert.getFingerprint(), alert);
            }
        }
        // groups in a fixed order, alerts in fingerprint order: two intakes take their locks in the same order
        Map<String, List<IncomingAlert>> byGroup = new TreeMap<>();
        for (IncomingAlert alert : byFingerprint.values()) {
            byGroup.computeIfAbsent(alert.groupKey(), k -> new ArrayList<>()).add(alert);
        }
        int created = 0;
        int duplicates = 0;
        int resolved = 0;
        List<String> declared = new ArrayList<>();
        // by incident id: their rows are locked in id order, so two intakes never wait for each other in a circle
        Map<Long, List<RecordedEvent>> events = new TreeMap<>();
        Set<Long> resolvedIn = new LinkedHashSet<>();
        for (var group : byGroup.entrySet()) {
            List<IncomingAlert> firingAnew = group.getValue().stream()
                    .filter(in -> firesAnew(known.get(in.fingerprint()), in)).toList();
            GroupIncident incident = new GroupIncident(groups, incidents, integrationId, group.getKey(), rules,
                    firingAnew, now);
            for (IncomingAlert in : group.getValue()) {
                Alert row = known.get(in.fingerprint());
                boolean isNew = row == null;
                boolean firesAnew = firesAnew(row, in);
                if (isNew) {
                    row = new Alert(integrationId, in.fingerprint(), now);
                }
                row.describe(in, notification.getId(), now);
                if (in.status() == AlertStatus.FIRING) {
                    if (firesAnew) {
                        long incidentId = incident.id();
                        row.fire(in.startsAt(), incidentId);
                        Set<KeyMoment> moments = incident.declaredHere() && incident.isEarliest(in)
                                ? EnumSet.of(KeyMoment.START, KeyMoment.IMPACT_DETECTED) : Set.of();
                        events.computeIfAbsent(incidentId, k -> new ArrayList<>()).add(new RecordedEvent(
                                AlertText.firing(integrationName, in), in.startsAt(), EventKind.ALERT, moments));
                        created++;
                    } else {
                        duplicates++;
                    }
                } else {
                    Instant endsAt = in.endsAt();
                    boolean resolves;
                    if (isNew) {
                        // never seen firing: it did fire, so both are recorded, in the group's open incident if any
                        Long incidentId = incident.openId();
                        row.fire(in.startsAt(), incidentId);
                        if (incidentId != null) {
                            events.computeIfAbsent(incidentId, k -> new ArrayList<>()).add(new RecordedEvent(
                                    AlertText.firing(integrationName, in), in.startsAt(), EventKind.ALERT, Set.of()));
                        }
                        resolves = true;
                    } else {
                        // a resolution older than a firing we know of is stale (out of order, or a repeat)
                        resolves = row.getStatus() == AlertStatus.FIRING && !endsAt.isBefore(row.getStartsAt());
                    }
                    if (resolves) {
                        row.resolve(endsAt);
                        if (row.getIncidentId() != null) {
                            events.computeIfAbsent(row.getIncidentId(), k -> new ArrayList<>()).add(new RecordedEvent(
                                    AlertText.resolved(integrationName, in), endsAt, EventKind.ALERT, Set.of()));
                            resolvedIn.add(row.getIncidentId());
                        }
                        resolved++;
                    } else {
                        duplicates++;
                    }
                }
                if (isNew) {
                    alerts.save(row);
                }
                if (incident.declaredHere() && !declared.contains(incident.key())) {
                    declared.add(incident.key());
                }
            }
        }
        alerts.flush();
        for (var entry : events.entrySet()) {
            timeline.record(entry.getKey(), entry.getValue());
        }
        if (rules.onAllResolved() == OnAllResolved.SET_MITIGATED) {
            for (long incidentId : resolvedIn) {
                if (alerts.countByIncidentAndStatus(incidentId, AlertStatus.FIRING) == 0) {
                    Instant lastEnd = alerts.lastEnd(incidentId);
                    timeline.record(incidentId, List.of(new RecordedEvent(AlertText.allResolved(integrationName),
                            lastEnd == null ? now : lastEnd, EventKind.ALERT, EnumSet.of(KeyMoment.MITIGATED))));
                }
            }
        }
        return new Outcome(created, duplicates, resolved, declared, events.keySet());
    }

    /**
     * Whether a firing alert starts a new episode: a fingerprint not seen before, one that resolved before this
     * start, or one whose sender says it started after the episode we know of (its resolution never reached us).
     */
    private static boolean firesAnew(Alert row, IncomingAlert in) {
        if (in.status() != AlertStatus.FIRING) {
            return false;
        }
        if (row == null) {
            return true;
        }
        if (row.getStatus() == AlertStatus.RESOLVED) {
            return in.startsAt().isAfter(row.getEndsAt());
        }
        return in.knownStart() && in.startsAt().isAfter(row.getStartsAt());
    }

    private static boolean isUniqueViolation(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return e instanceof org.springframework.dao.DuplicateKeyException;
    }

    /** The group an alert belongs to: the sender's group key, or the values of the integration's group labels. */
    static String groupKey(IntegrationRules rules, IncomingAlert alert) {
        List<String> labels = rules.groupBy();
        if (labels.isEmpty()) {
            if (alert.groupKey() != null && !alert.groupKey().isBlank()) {
                return alert.groupKey();
            }
            labels = IntegrationRules.FALLBACK_GROUP_BY;
        }
        StringBuilder key = new StringBuilder();
        for (String label : labels) {
            key.append(label).append('=').append(alert.labels().getOrDefault(label, "")).append('\n');
        }
        return key.toString();
    }

    /** Of two words on one fingerprint in one notification, the later one. */
    private static IncomingAlert later(IncomingAlert a, IncomingAlert b) {
        Instant ta = a.endsAt() != null ? a.endsAt() : a.startsAt();
        Instant tb = b.endsAt() != null ? b.endsAt() : b.startsAt();
        return tb.isBefore(ta) ? a : b;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying an alert notification", e);
        }
    }
}
