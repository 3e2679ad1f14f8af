package org.hindsight.timeline;

/** What a timeline event records. */
public enum EventKind {
    NOTE, ALERT, ACTION, OBSERVATION, DECISION,
    /** A misleading path that was explored and dropped: it cost time, and the postmortem should say so. */
    DEAD_END
}
