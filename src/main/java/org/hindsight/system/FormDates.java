package org.hindsight.system;

import java.beans.PropertyEditorSupport;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.bind.WebDataBinder;

/**
 * How every form reads dates and wall-clock times: ISO-8601 as the browser's date and datetime-local inputs send
 * them, and only within {@link DateRange} (1970 to 9999, the API's rule). Anything else is a value the field cannot
 * take: a type mismatch, named at its field ({@code typeMismatch.java.time.LocalDate} in messages.properties), so
 * the form is shown again with what was typed and answers 400.
 */
final class FormDates {

    private FormDates() {
    }

    /** "2024-05-12 09:30", "2024-05-12T09:30:15", "2024-05-12 9:30 pm": a date, a time of day, an optional AM/PM. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[Tt ]\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d{1,9})?)?\\s*([AaPp][Mm])?");
    private static final DateTimeFormatter PRINT_24 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter PRINT_24_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter PRINT_12 = DateTimeFormatter.ofPattern("yyyy-MM-dd h:mm a", Locale.ENGLISH);
    private static final DateTimeFormatter PRINT_12_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd h:mm:ss a", Locale.ENGLISH);

    static void register(WebDataBinder binder, boolean twelveHourClock) {
        binder.registerCustomEditor(LocalDate.class, new Editor<>(
                text -> LocalDate.parse(text, DateTimeFormatter.ISO_DATE), DateRange::contains,
                DateTimeFormatter.ISO_LOCAL_DATE::format));
        binder.registerCustomEditor(LocalDateTime.class, new Editor<>(FormDates::dateTime, DateRange::contains,
                value -> print(value, twelveHourClock)));
    }

    /** Any of the forms {@link #DATE_TIME} reads, whichever clock the viewer reads. */
    static LocalDateTime dateTime(String text) {
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            throw new DateTimeParseException("Not a date and time", text, 0);
        }
        LocalDate date = LocalDate.parse(m.group(1), DateTimeFormatter.ISO_LOCAL_DATE);
        int hour = Integer.parseInt(m.group(2));
        int minute = Integer.parseInt(m.group(3));
        int second = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        if (m.group(5) != null) {
            if (hour < 1 || hour > 12) {
                throw new DateTimeParseException("Not a 12-hour time", text, 0);
            }
            hour = hour % 12 + (m.group(5).equalsIgnoreCase("pm") ? 12 : 0);
        }
        try {
            return LocalDateTime.of(date, LocalTime.of(hour, minute, second));
        } catch (java.time.DateTimeException e) {
            throw new DateTimeParseException("Not a date and time", text, 0, e);
        }
    }

    /** As the views show it: {@code 2024-05-12 09:30} or {@code 2024-05-12 9:30 AM}, seconds only when set. */
    static String print(LocalDateTime value, boolean twelveHourClock) {
        boolean seconds = value.getSecond() != 0;
        DateTimeFormatter format = twelveHourClock ? (seconds ? PRINT_12_SECONDS : PRINT_12)
                : (seconds ? PRINT_24_SECONDS : PRINT_24);
        return format.format(value);
    }

    private static final class Editor<T> extends PropertyEditorSupport {

        private final java.util.function.Function<String, T> parse;
        private final java.util.function.Predicate<T> inRange;
        private final java.util.function.Function<T, String> print;

        Editor(java.util.function.Function<String, T> parse, java.util.function.Predicate<T> inRange,
                java.util.function.Function<T, String> print) {
            this.parse = parse;
            this.inRange = inRange;
            this.print = print;
        }

        @Override
        public void setAsText(String text) {
            if (text == null || text.isBlank()) {
                setValue(null);
                return;
            }
            T value;
            try {
                value = parse.apply(text.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Not a date (2024-05-12) or date and time (2024-05-12 09:30)", e);
            }
            if (!inRange.test(value)) {
                throw new IllegalArgumentException(DateRange.MESSAGE);
            }
            setValue(value);
        }

        /** As the views show them: {@code 2024-05-12}, {@code 2024-05-12 11:10}. */
        @Override
        @SuppressWarnings("unchecked")
        public String getAsText() {
            Object value = getValue();
            return value == null ? "" : print.apply((T) value);
        }
    }
}
