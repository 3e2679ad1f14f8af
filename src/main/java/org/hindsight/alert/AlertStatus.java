package org.hindsight.alert;

/** An alert's state, as its sender last said it. */
public enum AlertStatus {
    FIRING, RESOLVED
}
