package org.hindsight.alert;

/** What the intake does when every alert of an incident it declared has resolved. */
public enum OnAllResolved {
    /** Only the "resolved" events are written; people decide when the incident is mitigated. */
    RECORD_ONLY,
    /** The incident's mitigated time is set (a MITIGATED key moment at the last alert's end), unless already set. */
    SET_MITIGATED
}
