package org.hindsight.action;

/** OPEN → IN_PROGRESS → DONE, or WONT_DO with a reason. Done and won't-do items can be reopened. */
public enum ActionStatus {
    OPEN, IN_PROGRESS, DONE, WONT_DO;

    public boolean isOpen() {
        return this == OPEN || this == IN_PROGRESS;
    }
}
