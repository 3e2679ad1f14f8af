package org.hindsight.action;

/**
 * Where an action item stands in the postmortem: the measures a team decides on ("Improvements/Fixes")
 * and the concrete pieces of work that carry them out ("Tasks"), the two lists of the reference report.
 */
public enum ActionCategory {
    IMPROVEMENT, TASK
}
