package org.hindsight.action;

/** What an action item does about the incident. */
public enum ActionType {
    /** Fix what broke. */
    CORRECTIVE,
    /** Stop it happening again. */
    PREVENTIVE,
    /** Find it sooner next time. */
    DETECTIVE,
    /** Training, reviews, how people work. */
    PROCESS
}
