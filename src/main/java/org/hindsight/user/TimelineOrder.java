package org.hindsight.user;

/** The order a person reads an incident's timeline in, remembered on their account. */
public enum TimelineOrder {
    /** Oldest first on a wide screen, newest first on a phone (the page decides by its width). */
    AUTO,
    OLDEST_FIRST,
    NEWEST_FIRST
}
