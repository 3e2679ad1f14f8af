package org.hindsight.alert;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One alert of a notification, whatever its sender: its identity (fingerprint), state, labels, the human text
 * (name and summary), a link back to the sender, and its times ({@code endsAt} null while it fires).
 * {@code groupTitle}: what the notification calls the whole group (Alertmanager's common summary annotation,
 * Grafana's title), if anything. {@code knownStart}: the sender's start marks an episode, so a later one means the
 * alert fired again (Alertmanager and Grafana keep an alert's {@code startsAt} until it resolves; a generic
 * sender's start time says nothing of the kind).
 */
record IncomingAlert(String fingerprint, AlertStatus status, Map<String, String> labels, String name, String summary,
        String link, Instant startsAt, Instant endsAt, String groupKey, String groupTitle, boolean knownStart) {

    IncomingAlert {
        labels = new TreeMap<>(labels);
    }

    IncomingAlert(String fingerprint, AlertStatus status, Map<String, String> labels, String name, String summary,
            String link, Instant startsAt, Instant endsAt, String groupKey) {
        this(fingerprint, status, labels, name, summary, link, startsAt, endsAt, groupKey, null, true);
    }

    /** The labels as one line, sorted: {@code alertname=HighLatency, service=api}. */
    String labelsText() {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    IncomingAlert withGroupKey(String key) {
        return new IncomingAlert(fingerprint, status, labels, name, summary, link, startsAt, endsAt, key, groupTitle,
                knownStart);
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }
}
