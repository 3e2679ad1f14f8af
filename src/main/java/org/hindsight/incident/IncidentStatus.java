package org.hindsight.incident;

/** Where an incident stands, in the order incidents usually move through. */
public enum IncidentStatus {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED, POSTMORTEM, CLOSED;

    /** Still affecting users or being worked on (before RESOLVED). */
    public boolean isActive() {
        return ordinal() < RESOLVED.ordinal();
    }
}
