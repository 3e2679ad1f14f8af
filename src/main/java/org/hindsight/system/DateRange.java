package org.hindsight.system;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The dates Hindsight takes, on the API and in every form: from the year 1970 to 9999. Every database keeps them,
 * and a year 0 or 99999 is always a typo. Instants are judged by their date in UTC, dates and wall-clock times
 * as typed.
 */
public final class DateRange {

    /** For the API's problem details; forms say the same through messages.properties. */
    public static final String MESSAGE = "A date from the year 1970 to 9999.";

    private static final LocalDate FIRST = LocalDate.of(1970, 1, 1);
    private static final LocalDate LAST = LocalDate.of(9999, 12, 31);

    private DateRange() {
    }

    public static boolean contains(LocalDate date) {
        return !date.isBefore(FIRST) && !date.isAfter(LAST);
    }

    public static boolean contains(LocalDateTime time) {
        return contains(time.toLocalDate());
    }

    public static boolean contains(Instant instant) {
        return contains(LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }

    /**
     * A filter's date field: null when blank; a date typed as YYYY-MM-DD within the range; otherwise null, with
     * {@code field} named in {@code problems}.
     */
    public static LocalDate filterDate(String field, String value, List<ApiValidationException.FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.strip());
            if (contains(date)) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problems.add(new ApiValidationException.FieldProblem(field,
                "A date as YYYY-MM-DD, from the year 1970 to 9999."));
        return null;
    }
}
