package org.hindsight.notification;

/** What a webhook may be told about. */
public enum WebhookEvent {
    /** An incident is declared (by a person or an alert; not one recorded after the fact, as an import). */
    INCIDENT_DECLARED,
    SEVERITY_CHANGED,
    STATUS_CHANGED,
    /** Key moments on the timeline set summary times (start, impact detected, mitigated, end…). */
    KEY_MOMENT,
    POSTMORTEM_PUBLISHED,
    /** An open action item passed its due date. */
    ACTION_ITEM_OVERDUE
}
