package org.hindsight.incident;

/** What other modules show of an incident next to their own records: its key, title and severity. */
public record IncidentLabel(long id, String key, String title, Severity severity) {

    /** For queries: the key follows from the id. */
    public IncidentLabel(long id, String title, Severity severity) {
        this(id, IncidentKey.format(id), title, severity);
    }
}
