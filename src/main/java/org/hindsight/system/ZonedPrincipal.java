package org.hindsight.system;

import java.time.ZoneId;

/** A signed-in principal that knows the time zone, and the clock, its pages are shown in. */
public interface ZonedPrincipal {

    ZoneId getZone();

    /** Whether times of day read {@code 2:05 PM} for this principal rather than {@code 14:05}. */
    default boolean isTwelveHourClock() {
        return false;
    }
}
