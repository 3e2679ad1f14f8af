package org.hindsight.system;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.hindsight.system.ApiValidationException.FieldProblem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Validates a JSON body after the controller checked who may send it (with {@code @Valid}, validation would
 * answer 400 before authorisation could answer 403). Problems come back as a 400 naming each field.
 */
@Component
public class ApiValidator {

    private final Validator validator;
    private final MessageSource messages;

    ApiValidator(Validator validator, MessageSource messages) {
        this.validator = validator;
        this.messages = messages;
    }

    public <T> T check(T body) {
        if (body == null) {
            throw new ApiValidationException(List.of(new FieldProblem("body", "A JSON object is required.")));
        }
        List<FieldProblem> problems = new ArrayList<>(validator.validate(body).stream()
                .sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString()))
                .map(v -> new FieldProblem(v.getPropertyPath().toString(), message(v)))
                .toList());
        if (body.getClass().isRecord()) {
            for (RecordComponent component : body.getClass().getRecordComponents()) {
                storable(component.getName(), read(component, body), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiValidationException(problems);
        }
        return body;
    }

    /** What every database can store: no NUL character in text, dates from 1970 to 9999 ({@link DateRange}). */
    static void storable(String field, Object value, List<FieldProblem> problems) {
        if (value instanceof String text && text.indexOf('\u0000') >= 0) {
            problems.add(new FieldProblem(field, NUL_MESSAGE));
        } else if (value instanceof java.util.Collection<?> values) {
            values.forEach(v -> storable(field, v, problems));
        } else if (value instanceof OffsetDateTime time && !storable(time.toInstant())) {
            problems.add(new FieldProblem(field, RANGE_MESSAGE));
        } else if (value instanceof Instant instant && !storable(instant)) {
            problems.add(new FieldProblem(field, RANGE_MESSAGE));
        } else if (value instanceof LocalDate date && !storable(date)) {
            problems.add(new FieldProblem(field, RANGE_MESSAGE));
        }
    }

    static final String NUL_MESSAGE = "Must not contain NUL characters.";
    static final String RANGE_MESSAGE = DateRange.MESSAGE;

    static boolean storable(Instant instant) {
        return DateRange.contains(instant);
    }

    static boolean storable(LocalDate date) {
        return DateRange.contains(date);
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true); // request records are package-private in their feature packages
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + component, e);
        }
    }

    private String message(ConstraintViolation<?> violation) {
        String template = violation.getMessageTemplate();
        if (template.startsWith("{") && template.endsWith("}")) {
            String resolved = messages.getMessage(template.substring(1, template.length() - 1), null, null,
                    LocaleContextHolder.getLocale());
            if (resolved != null && !resolved.contains("{")) {
                return resolved;
            }
        }
        return violation.getMessage();
    }
}
