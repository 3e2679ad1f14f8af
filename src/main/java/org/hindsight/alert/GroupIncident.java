package org.hindsight.alert;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.hindsight.incident.IncidentCommands.NewIncident;
import org.hindsight.incident.IncidentService;
import org.hindsight.incident.IncidentStatus;
import org.hindsight.incident.Severity;

/**
 * The incident of one group in this notification, found or declared at most once, when a firing alert first
 * needs it. The group's row is locked (or created: its unique key makes a racing intake fail and retry).
 */
final class GroupIncident {

    private final AlertGroupRepository groups;
    private final IncidentService incidents;

    private final long integrationId;
    private final String groupKey;
    private final IntegrationRules rules;
    /** The group's alerts that fire anew in this notification: what a new incident is made of. */
    private final List<IncomingAlert> firing;
    private final Instant now;
    private AlertGroup row;
    private Long incidentId;
    private String key;
    private boolean declaredHere;

    GroupIncident(AlertGroupRepository groups, IncidentService incidents, long integrationId, String groupKey,
            IntegrationRules rules, List<IncomingAlert> firingAnew, Instant now) {
        this.groups = groups;
        this.incidents = incidents;
        this.integrationId = integrationId;
        this.groupKey = groupKey;
        this.rules = rules;
        this.firing = firingAnew;
        this.now = now;
    }

    /** The group's incident if it is still open (not resolved or closed), without declaring one. */
    Long openId() {
        lockRow();
        if (incidentId == null && row.getIncidentId() != null && incidents.isActive(row.getIncidentId())) {
            incidentId = row.getIncidentId();
        }
        return incidentId;
    }

    /** The group's open incident, declared now if there is none. */
    long id() {
        if (openId() != null) {
            return incidentId;
        }
        Instant start = firing.stream().map(IncomingAlert::startsAt).min(Comparator.naturalOrder()).orElse(now);
        Severity severity = firing.stream().map(a -> rules.severityOf(a.labels()))
                .min(Comparator.naturalOrder()).orElse(rules.defaultSeverity());
        // service names as incidents keep them; a label value too long to be one is not a service name
        List<String> services = firing.stream().map(a -> rules.serviceOf(a.labels()))
                .filter(Objects::nonNull)
                .map(s -> s.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "-"))
                .filter(s -> !s.isEmpty() && s.length() <= 80).distinct().limit(20).toList();
        // what the notification calls the group (Alertmanager's common summary, Grafana's title), else the
        // first alert's name
        IncomingAlert first = firing.get(0);
        String title = IncomingAlert.cut(first.groupTitle() != null && !first.groupTitle().isBlank()
                ? first.groupTitle().strip() : first.name(), 200);
        incidentId = incidents.declareForAlerts(new NewIncident(title, severity, IncidentStatus.INVESTIGATING,
                start.isAfter(now) ? now : start, start.isAfter(now) ? now : start, null, null, services, null));
        key = incidents.label(incidentId).key();
        row.declared(incidentId, now);
        declaredHere = true;
        earliest = firing.stream().min(Comparator.comparing(IncomingAlert::startsAt)
                .thenComparing(IncomingAlert::fingerprint)).orElse(null);
        return incidentId;
    }

    private IncomingAlert earliest;

    boolean declaredHere() {
        return declaredHere;
    }

    boolean isEarliest(IncomingAlert alert) {
        return alert == earliest;
    }

    String key() {
        return key;
    }

    private void lockRow() {
        if (row != null) {
            return;
        }
        String hash = IntegrationService.hash(groupKey);
        row = groups.lock(integrationId, hash).orElseGet(() -> groups.saveAndFlush(
                new AlertGroup(integrationId, hash, IncomingAlert.cut(groupKey, 2000), now)));
    }
}
