package org.hindsight.user;

/** How a person reads times of day: {@code 14:05} or {@code 2:05 PM}, in every view and form. */
public enum HourCycle {
    H24,
    H12
}
