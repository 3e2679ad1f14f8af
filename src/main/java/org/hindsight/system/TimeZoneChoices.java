package org.hindsight.system;

import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

/** The time zones a user can pick: UTC first, then the region-based ids sorted by name. */
public final class TimeZoneChoices {

    public static final List<String> ALL = Stream.concat(Stream.of("UTC"), ZoneId.getAvailableZoneIds().stream()
                    .filter(id -> id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/"))
                    .sorted())
            .toList();

    private TimeZoneChoices() {
    }

    /** {@link #ALL} with {@code first} (a zone among them, such as the viewer's) moved to the top. */
    public static List<String> startingWith(String first) {
        if (first == null || !ALL.contains(first)) {
            return ALL;
        }
        return Stream.concat(Stream.of(first), ALL.stream().filter(id -> !id.equals(first))).toList();
    }
}
