package org.hindsight.system;

import java.beans.PropertyEditorSupport;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

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

    static void register(WebDataBinder binder) {
        binder.registerCustomEditor(LocalDate.class, new Editor<>(
                text -> LocalDate.parse(text, DateTimeFormatter.ISO_DATE), DateRange::contains,
                DateTimeFormatter.ISO_LOCAL_DATE::format));
        binder.registerCustomEditor(LocalDateTime.class, new Editor<>(
                text -> LocalDateTime.parse(text, DateTimeFormatter.ISO_DATE_TIME), DateRange::contains,
                DateTimeFormatter.ISO_LOCAL_DATE_TIME::format));
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
                throw new IllegalArgumentException("Not an ISO-8601 date or time", e);
            }
            if (!inRange.test(value)) {
                throw new IllegalArgumentException(DateRange.MESSAGE);
            }
            setValue(value);
        }

        /** As Spring's ISO formats print them: {@code 2024-05-12}, {@code 2024-05-12T11:10:00}. */
        @Override
        @SuppressWarnings("unchecked")
        public String getAsText() {
            Object value = getValue();
            return value == null ? "" : print.apply((T) value);
        }
    }
}
