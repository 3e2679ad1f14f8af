package org.hindsight.system;

import java.time.ZoneId;

/** A signed-in principal that knows the time zone its pages are shown in. */
public interface ZonedPrincipal {

    ZoneId getZone();
}
