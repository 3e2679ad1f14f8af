package org.hindsight.user;

import java.util.List;

import org.hindsight.system.TimeZoneChoices;
import org.springframework.stereotype.Component;

/** The time zones a user can pick, as {@link org.hindsight.system.TimeZoneId} accepts them: UTC first, then by name. */
@Component
class TimeZones {

    List<String> all() {
        return TimeZoneChoices.ALL;
    }
}
