package org.hindsight.alert;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hindsight.system.Sha256;

import tools.jackson.databind.JsonNode;

/**
 * Reads a notification in the shape its source sends into {@link IncomingAlert}s. Alertmanager (webhook version 4)
 * and Grafana: {@code groupKey, status, commonLabels, commonAnnotations, alerts[]} with each alert's {@code status,
 * labels, annotations, startsAt, endsAt, generatorURL, fingerprint}; Grafana adds {@code title, message} and per
 * alert {@code dashboardURL, panelURL, silenceURL, imageURL, values}. An end of {@code 0001-01-01T00:00:00Z} means
 * "still firing". Generic: one object or an array of {@code {title, description?, severity?, fingerprint?,
 * start_time?, end_time?, service?, monitoring_tool?, hosts?}}; an {@code end_time} marks recovery.
 * A field of the wrong shape is a {@link PayloadShapeException} naming it ({@code alerts[3].startsAt}).
 */
final class AlertPayloads {

    /** The instant senders use for "no end yet" (Go's zero time) and anything before it. */
    private static final Instant NO_END = Instant.parse("0001-01-02T00:00:00Z");
    static final int MAX_ALERTS = 5_000;

    private AlertPayloads() {
    }

    static List<IncomingAlert> read(AlertSource source, JsonNode body, Instant received) {
        Instant now = received.truncatedTo(ChronoUnit.MICROS); // as stored: see instant()
        return switch (source) {
            case ALERTMANAGER, GRAFANA -> alertmanager(source, body, now);
            case GENERIC -> generic(body, now);
        };
    }

    private static List<IncomingAlert> alertmanager(AlertSource source, JsonNode body, Instant now) {
        if (!body.isObject()) {
            throw new PayloadShapeException("$", "A notification is a JSON object.");
        }
        JsonNode alerts = body.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            throw new PayloadShapeException("alerts", "alerts must be an array of alerts.");
        }
        if (alerts.size() > MAX_ALERTS) {
            throw new PayloadShapeException("alerts", "At most " + MAX_ALERTS + " alerts in one notification.");
        }
        String groupKey = optionalText(body, "groupKey", "groupKey");
        Map<String, String> commonAnnotations = stringMap(body, "commonAnnotations", "commonAnnotations");
        String title = source == AlertSource.GRAFANA ? optionalText(body, "title", "title") : null;
        // Grafana's title is its notification's ("[FIRING:2] …"): an alert's name falls back to it, a group's title does not
        String groupTitle = commonAnnotations.get("summary");
        List<IncomingAlert> read = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            String at = "alerts[" + i + "]";
            JsonNode alert = alerts.get(i);
            if (!alert.isObject()) {
                throw new PayloadShapeException(at, "Each alert is a JSON object.");
            }
            String statusText = requiredText(alert, "status", at + ".status");
            AlertStatus status = switch (statusText) {
                case "firing" -> AlertStatus.FIRING;
                case "resolved" -> AlertStatus.RESOLVED;
                default -> throw new PayloadShapeException(at + ".status", "status is firing or resolved.");
            };
            Map<String, String> labels = stringMap(alert, "labels", at + ".labels");
            Map<String, String> annotations = stringMap(alert, "annotations", at + ".annotations");
            Instant startsAt = instant(alert, "startsAt", at + ".startsAt");
            if (startsAt == null) {
                throw new PayloadShapeException(at + ".startsAt", "startsAt is required.");
            }
            checkRange(startsAt, now, at + ".startsAt");
            Instant endsAt = instant(alert, "endsAt", at + ".endsAt");
            if (endsAt != null && endsAt.isBefore(NO_END)) {
                endsAt = null;
            }
            if (endsAt != null && status == AlertStatus.RESOLVED) {
                checkRange(endsAt, now, at + ".endsAt");
            }
            if (status == AlertStatus.RESOLVED && endsAt == null) {
                endsAt = now;
            }
            if (status == AlertStatus.FIRING) {
                endsAt = null; // a firing alert's endsAt is only when the sender would time it out
            }
            String fingerprint = optionalText(alert, "fingerprint", at + ".fingerprint");
            if (fingerprint == null || fingerprint.isBlank()) {
                fingerprint = hash(labels.toString());
            }
            if (fingerprint.length() > 200) {
                throw new PayloadShapeException(at + ".fingerprint", "fingerprint is at most 200 characters.");
            }
            String link = firstLink(optionalText(alert, "generatorURL", at + ".generatorURL"),
                    optionalText(alert, "panelURL", at + ".panelURL"),
                    optionalText(alert, "dashboardURL", at + ".dashboardURL"));
            String name = labels.getOrDefault("alertname", title != null ? title : "Alert");
            String summary = first(annotations.get("summary"), annotations.get("description"),
                    annotations.get("message"), commonAnnotations.get("summary"));
            read.add(new IncomingAlert(fingerprint, status, labels, name, summary, link, startsAt,
                    endsAt == null || endsAt.isBefore(now) ? endsAt : now, groupKey, groupTitle, true));
        }
        return read;
    }

    private static List<IncomingAlert> generic(JsonNode body, Instant now) {
        List<JsonNode> items = new ArrayList<>();
        String prefix;
        if (body.isArray()) {
            if (body.size() > MAX_ALERTS) {
                throw new PayloadShapeException("$", "At most " + MAX_ALERTS + " alerts in one notification.");
            }
            body.forEach(items::add);
            prefix = "[%d].";
        } else if (body.isObject()) {
            items.add(body);
            prefix = "";
        } else {
            throw new PayloadShapeException("$", "An alert is a JSON object, or an array of them.");
        }
        List<IncomingAlert> read = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = prefix.isEmpty() ? "" : prefix.formatted(i);
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw new PayloadShapeException(at.isEmpty() ? "$" : at.substring(0, at.length() - 1),
                        "Each alert is a JSON object.");
            }
            String title = requiredText(item, "title", at + "title");
            String description = optionalText(item, "description", at + "description");
            String severity = optionalText(item, "severity", at + "severity");
            String service = optionalText(item, "service", at + "service");
            String tool = optionalText(item, "monitoring_tool", at + "monitoring_tool");
            List<String> hosts = new ArrayList<>();
            JsonNode hostsNode = item.get("hosts");
            if (hostsNode != null && !hostsNode.isNull()) {
                if (!hostsNode.isArray()) {
                    throw new PayloadShapeException(at + "hosts", "hosts is an array of strings.");
                }
                for (JsonNode host : hostsNode) {
                    if (!host.isString()) {
                        throw new PayloadShapeException(at + "hosts", "hosts is an array of strings.");
                    }
                    hosts.add(host.stringValue());
                }
            }
            Instant start = instant(item, "start_time", at + "start_time");
            Instant end = instant(item, "end_time", at + "end_time");
            checkRange(start, now, at + "start_time");
            checkRange(end, now, at + "end_time");
            String fingerprint = optionalText(item, "fingerprint", at + "fingerprint");
            if (fingerprint == null || fingerprint.isBlank()) {
                fingerprint = genericFingerprint(item);
            }
            if (fingerprint.length() > 200) {
                throw new PayloadShapeException(at + "fingerprint", "fingerprint is at most 200 characters.");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("alertname", title);
            putIfPresent(labels, "severity", severity);
            putIfPresent(labels, "service", service);
            putIfPresent(labels, "monitoring_tool", tool);
            if (!hosts.isEmpty()) {
                labels.put("hosts", String.join(",", hosts));
            }
            AlertStatus status = end == null ? AlertStatus.FIRING : AlertStatus.RESOLVED;
            Instant startsAt = start == null ? (end != null && end.isBefore(now) ? end : now) : start;
            // an end a little ahead of this clock (the sender's runs fast) is taken as now, so a refire can follow;
            // a script sends its start_time again with every repeat, so a later one is no sign of a new episode
            read.add(new IncomingAlert(fingerprint, status, labels, title, description, null, startsAt,
                    end == null || end.isBefore(now) ? end : now, null, null, false));
        }
        return read;
    }

    /** "A hash of the payload without its times and hosts": the other fields, sorted by name. */
    private static String genericFingerprint(JsonNode item) {
        Map<String, String> identity = new TreeMap<>();
        for (var field : item.properties()) {
            String name = field.getKey();
            if (!name.equals("start_time") && !name.equals("end_time") && !name.equals("hosts")) {
                identity.put(name, field.getValue().toString());
            }
        }
        return hash(identity.toString());
    }

    private static void putIfPresent(Map<String, String> labels, String name, String value) {
        if (value != null && !value.isBlank()) {
            labels.put(name, value);
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** The first http(s) link that is one plain URL: nothing in it could end the Markdown link it is written into. */
    private static String firstLink(String... links) {
        for (String link : links) {
            if (link != null && (link.startsWith("https://") || link.startsWith("http://"))
                    && !UNSAFE_IN_LINK.matcher(link).find() && link.length() <= 2000) {
                return link;
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern UNSAFE_IN_LINK =
            java.util.regex.Pattern.compile("[\\s\\p{Cntrl}<>\"{}|^`\\\\]");

    /** The first instant PostgreSQL and people can use, and how far ahead of this clock a sender's may run. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final java.time.Duration SKEW = java.time.Duration.ofDays(1);

    private static void checkRange(Instant instant, Instant now, String field) {
        if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(now.plus(SKEW)))) {
            throw new PayloadShapeException(field, "The time is not between 1970 and a day from now.");
        }
    }

    private static String requiredText(JsonNode node, String name, String field) {
        String value = optionalText(node, name, field);
        if (value == null || value.isBlank()) {
            throw new PayloadShapeException(field, name + " is required.");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new PayloadShapeException(field, name + " is a string.");
        }
        return withoutNul(value.stringValue(), field);
    }

    private static Map<String, String> stringMap(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        Map<String, String> map = new TreeMap<>();
        if (value == null || value.isNull()) {
            return map;
        }
        if (!value.isObject()) {
            throw new PayloadShapeException(field, name + " is an object of strings.");
        }
        for (var entry : value.properties()) {
            if (!entry.getValue().isString()) {
                throw new PayloadShapeException(field + "." + entry.getKey(), "Label and annotation values are strings.");
            }
            map.put(withoutNul(entry.getKey(), field), withoutNul(entry.getValue().stringValue(),
                    field + "." + entry.getKey()));
        }
        return map;
    }

    private static Instant instant(JsonNode node, String name, String field) {
        String text = optionalText(node, name, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            // to the microsecond, which is what the database keeps: Alertmanager and Grafana send nanoseconds, and a
            // start compared with its stored, rounded self would look later on every repeat: a refire each time
            return OffsetDateTime.parse(text.strip()).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new PayloadShapeException(field, name + " is an RFC 3339 time such as 2024-05-12T09:00:00Z.");
        }
    }

    /** No database stores the NUL character in text (PostgreSQL refuses it): a value holding one is refused. */
    private static String withoutNul(String text, String field) {
        if (text.indexOf('\u0000') >= 0) {
            throw new PayloadShapeException(field, "Text must not contain the NUL character (\\u0000).");
        }
        return text;
    }

    static String hash(String text) {
        return Sha256.hex(text).substring(0, 32);
    }
}
