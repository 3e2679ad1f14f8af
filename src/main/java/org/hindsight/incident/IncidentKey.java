package org.hindsight.incident;

import java.util.Locale;
import java.util.Optional;

/** Incident keys: {@code INC-<n>}, shown everywhere and used in URLs. */
public final class IncidentKey {

    private static final String PREFIX = "INC-";

    private IncidentKey() {
    }

    public static String format(Long id) {
        return id == null ? null : PREFIX + id;
    }

    /** The id behind a key; empty for anything that is not a well-formed key (answered as 404). */
    public static Optional<Long> parse(String key) {
        if (key == null || key.length() > 24 || !key.toUpperCase(Locale.ROOT).startsWith(PREFIX)) {
            return Optional.empty();
        }
        String digits = key.substring(PREFIX.length());
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 18) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }
}
