package org.hindsight.user;

import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

/** The region-based time zones a user can pick, UTC first, then sorted by name. */
@Component
class TimeZones {

    private final List<String> all = Stream.concat(Stream.of("UTC"),
                    ZoneId.getAvailableZoneIds().stream()
                            .filter(id -> id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/"))
                            .sorted())
            .toList();

    List<String> all() {
        return all;
    }
}
