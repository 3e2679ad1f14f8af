package org.hindsight.action;

public enum ActionPriority {
    HIGH, MEDIUM, LOW
}
