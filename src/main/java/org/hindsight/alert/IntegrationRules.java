package org.hindsight.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.hindsight.incident.Severity;

/**
 * How an integration's alerts become incidents: the label whose value picks the severity and the mapping of values
 * to severities, the labels that name affected services (the first an alert has wins), the labels that group alerts
 * into one incident (none: the sender's own group key), and what happens when all of an incident's alerts resolved.
 */
public record IntegrationRules(String severityLabel, Map<String, Severity> severityMapping, Severity defaultSeverity,
        List<String> serviceLabels, List<String> groupBy, OnAllResolved onAllResolved) {

    static final String DEFAULT_SEVERITY_LABEL = "severity";
    static final String DEFAULT_SEVERITY_MAPPING = "critical=SEV1,error=SEV2,high=SEV2,warning=SEV3";
    static final String DEFAULT_SERVICE_LABELS = "service,job";
    /** Without a group key from the sender (generic payloads), alerts are grouped by these labels. */
    static final List<String> FALLBACK_GROUP_BY = List.of("alertname", "service");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    private static final Pattern VALUE = Pattern.compile("[^=,\\s][^=,]{0,99}");

    public IntegrationRules {
        severityMapping = Map.copyOf(severityMapping);
        serviceLabels = List.copyOf(serviceLabels);
        groupBy = List.copyOf(groupBy);
    }

    /** The defaults: {@code critical}→SEV1, {@code error}/{@code high}→SEV2, {@code warning}→SEV3, else SEV4. */
    public static IntegrationRules defaults() {
        return parse(DEFAULT_SEVERITY_LABEL, DEFAULT_SEVERITY_MAPPING, Severity.SEV4, DEFAULT_SERVICE_LABELS, "",
                OnAllResolved.RECORD_ONLY);
    }

    /**
     * Rules from their text forms; a part that is not valid is an {@link InvalidRule} naming the field
     * ({@code severityLabel}, {@code severityMapping}, {@code serviceLabels}, {@code groupBy}).
     */
    public static IntegrationRules parse(String severityLabel, String severityMapping, Severity defaultSeverity,
            String serviceLabels, String groupBy, OnAllResolved onAllResolved) {
        String label = severityLabel == null || severityLabel.isBlank() ? DEFAULT_SEVERITY_LABEL
                : severityLabel.strip();
        if (!LABEL.matcher(label).matches()) {
            throw new InvalidRule("severityLabel", "alert.rules.label.invalid");
        }
        Map<String, Severity> mapping = new LinkedHashMap<>();
        for (String pair : split(severityMapping)) {
            int equals = pair.indexOf('=');
            String value = equals < 0 ? "" : pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String severity = equals < 0 ? "" : pair.substring(equals + 1).strip().toUpperCase(Locale.ROOT);
            if (!VALUE.matcher(value).matches() || Arrays.stream(Severity.values()).noneMatch(
                    s -> s.name().equals(severity))) {
                throw new InvalidRule("severityMapping", "alert.rules.mapping.invalid");
            }
            mapping.put(value, Severity.valueOf(severity));
        }
        IntegrationRules rules = new IntegrationRules(label, mapping,
                defaultSeverity == null ? Severity.SEV4 : defaultSeverity,
                labels("serviceLabels", serviceLabels == null ? DEFAULT_SERVICE_LABELS : serviceLabels),
                labels("groupBy", groupBy), onAllResolved == null ? OnAllResolved.RECORD_ONLY : onAllResolved);
        // what is stored must fit its column (integration.severity_mapping, service_labels, group_by)
        if (rules.severityMappingText().length() > 1000) {
            throw new InvalidRule("severityMapping", "alert.rules.tooLong");
        }
        if (String.join(",", rules.serviceLabels()).length() > 200) {
            throw new InvalidRule("serviceLabels", "alert.rules.tooLong");
        }
        if (String.join(",", rules.groupBy()).length() > 200) {
            throw new InvalidRule("groupBy", "alert.rules.tooLong");
        }
        return rules;
    }

    private static List<String> labels(String field, String text) {
        List<String> labels = new ArrayList<>();
        for (String label : split(text)) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidRule(field, "alert.rules.label.invalid");
            }
            if (!labels.contains(label)) {
                labels.add(label);
            }
        }
        if (labels.size() > 10) {
            throw new InvalidRule(field, "alert.rules.labels.tooMany");
        }
        return labels;
    }

    private static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The mapping as it is written: {@code critical=SEV1,error=SEV2}. */
    public String severityMappingText() {
        return String.join(",", severityMapping.entrySet().stream()
                .sorted(Map.Entry.<String, Severity>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + "=" + e.getValue().name()).toList());
    }

    /** The severity for an alert's labels. */
    Severity severityOf(Map<String, String> labels) {
        String value = labels.get(severityLabel);
        if (value == null) {
            return defaultSeverity;
        }
        return severityMapping.getOrDefault(value.strip().toLowerCase(Locale.ROOT), defaultSeverity);
    }

    /** The affected service an alert's labels name, or null. */
    String serviceOf(Map<String, String> labels) {
        for (String label : serviceLabels) {
            String value = labels.get(label);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /** A rule value that cannot be used, naming its field and a message code. */
    public static final class InvalidRule extends RuntimeException {

        private final String field;
        private final String messageCode;

        InvalidRule(String field, String messageCode) {
            super("Invalid " + field);
            this.field = field;
            this.messageCode = messageCode;
        }

        public String field() {
            return field;
        }

        public String messageCode() {
            return messageCode;
        }
    }
}
