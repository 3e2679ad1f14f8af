package org.hindsight.system;

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
        List<FieldProblem> problems = validator.validate(body).stream()
                .sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString()))
                .map(v -> new FieldProblem(v.getPropertyPath().toString(), message(v)))
                .toList();
        if (!problems.isEmpty()) {
            throw new ApiValidationException(problems);
        }
        return body;
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
