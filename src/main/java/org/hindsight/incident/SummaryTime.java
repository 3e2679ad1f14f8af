package org.hindsight.incident;

/**
 * The summary times of an incident. Each may be set directly or taken from a key moment on the timeline;
 * every one but the start must not lie before the start, and resolution not before mitigation.
 */
public enum SummaryTime {
    STARTED("startedAt"),
    DETECTED("detectedAt"),
    RESPONDED("respondedAt"),
    IDENTIFIED("identifiedAt"),
    MITIGATED("mitigatedAt"),
    RESOLVED("resolvedAt");

    private final String field;

    SummaryTime(String field) {
        this.field = field;
    }

    /** The form and JSON field name. */
    public String field() {
        return field;
    }
}
