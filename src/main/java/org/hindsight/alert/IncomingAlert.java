package org.hindsight.alert;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One alert of a notification, whatever its sender: its identity (fingerprint), state, labels, the human text
 * (name and summary), a link back to the sender, and its times ({@code endsAt} null while it fires).
 */
record IncomingAlert(String fingerprint, AlertStatus status, Map<String, String> labels, String name, String summary,
        String link, Instant startsAt, Instant endsAt, String groupKey) {

    IncomingAlert {
        labels = new TreeMap<>(labels);
    }

    /** The labels as one line, sorted: {@code alertname=HighLatency, service=api}. */
    String labelsText() {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    IncomingAlert withGroupKey(String key) {
        return new IncomingAlert(fingerprint, status, labels, name, summary, link, startsAt, endsAt, key);
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }
}
