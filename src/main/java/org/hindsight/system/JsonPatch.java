package org.hindsight.system;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.hindsight.system.ApiValidationException.FieldProblem;

/**
 * Reads a JSON merge-patch body ({@code Map} from Jackson): a field that is absent stays as it was, a field
 * that is {@code null} is cleared, a present field is checked for its type and limits. Problems are collected
 * for every field, then {@link #done()} throws them together as one 400 answer.
 */
public final class JsonPatch {

    private final Map<String, Object> body;
    private final List<FieldProblem> problems = new ArrayList<>();

    public JsonPatch(Map<String, Object> body, Set<String> allowed) {
        this.body = body == null ? Map.of() : body;
        for (String field : this.body.keySet()) {
            if (!allowed.contains(field)) {
                problems.add(new FieldProblem(field, "Unknown field."));
            }
        }
    }

    public boolean has(String field) {
        return body.containsKey(field);
    }

    public String text(String field, String current, int max, boolean required) {
        if (!has(field)) {
            return current;
        }
        Object value = body.get(field);
        if (value == null) {
            if (required) {
                problems.add(new FieldProblem(field, "Required."));
            }
            return null;
        }
        if (!(value instanceof String text)) {
            problems.add(new FieldProblem(field, "Must be a string."));
            return current;
        }
        if (required && text.isBlank()) {
            problems.add(new FieldProblem(field, "Required."));
        }
        if (text.length() > max) {
            problems.add(new FieldProblem(field, "At most " + max + " characters (got " + text.length() + ")."));
        }
        ApiValidator.storable(field, text, problems);
        return text;
    }

    public <E extends Enum<E>> E enumValue(String field, Class<E> type, E current) {
        if (!has(field)) {
            return current;
        }
        Object value = body.get(field);
        if (value instanceof String text) {
            try {
                return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        problems.add(new FieldProblem(field, "One of " + java.util.Arrays.toString(type.getEnumConstants()) + "."));
        return current;
    }

    public Instant instant(String field, Instant current) {
        if (!has(field)) {
            return current;
        }
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            try {
                Instant instant = OffsetDateTime.parse(text).toInstant();
                if (ApiValidator.storable(instant)) {
                    return instant;
                }
                problems.add(new FieldProblem(field, ApiValidator.RANGE_MESSAGE));
                return current;
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        problems.add(new FieldProblem(field, "An ISO-8601 date-time with offset, e.g. 2024-05-12T09:00:00Z."));
        return current;
    }

    public LocalDate date(String field, LocalDate current) {
        if (!has(field)) {
            return current;
        }
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            try {
                LocalDate date = LocalDate.parse(text);
                if (ApiValidator.storable(date)) {
                    return date;
                }
                problems.add(new FieldProblem(field, ApiValidator.RANGE_MESSAGE));
                return current;
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        problems.add(new FieldProblem(field, "A date as YYYY-MM-DD."));
        return current;
    }

    /**
     * A number from {@code min} to {@code max} with at most {@code decimals} decimals. The API's JSON reads
     * fractions as {@link BigDecimal} (JsonConfig), so {@code 1e-999999999} is seen as written, not as 0.
     */
    public BigDecimal decimal(String field, BigDecimal current, BigDecimal min, BigDecimal max, int decimals) {
        if (!has(field)) {
            return current;
        }
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            try {
                BigDecimal decimal = number instanceof BigDecimal big ? big : new BigDecimal(number.toString());
                if (decimal.compareTo(min) >= 0 && decimal.compareTo(max) <= 0
                        && decimal.stripTrailingZeros().scale() <= decimals) {
                    return decimal;
                }
            } catch (NumberFormatException e) {
                // Infinity or NaN: reported below
            }
        }
        problems.add(new FieldProblem(field, "A number from " + min + " to " + max + " with at most " + decimals
                + " decimals."));
        return current;
    }

    public List<String> strings(String field, List<String> current, int maxItems, int maxLength) {
        if (!has(field)) {
            return current;
        }
        Object value = body.get(field);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.size() <= maxItems
                && list.stream().allMatch(v -> v instanceof String s && s.length() <= maxLength)) {
            List<String> strings = list.stream().map(String.class::cast).toList();
            ApiValidator.storable(field, strings, problems);
            return strings;
        }
        problems.add(new FieldProblem(field, "A list of at most " + maxItems + " strings of at most " + maxLength
                + " characters."));
        return current;
    }

    public Long version(String field, boolean required) {
        Object value = body.get(field);
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
            return ((Number) value).longValue();
        }
        if (value != null || required) {
            problems.add(new FieldProblem(field, "The version you last read (a whole number); required to change a record."));
        }
        return null;
    }

    public void problem(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    /** Throws every problem found, if any. */
    public void done() {
        if (!problems.isEmpty()) {
            throw new ApiValidationException(problems);
        }
    }
}
