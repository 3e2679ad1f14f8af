package org.hindsight.system;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The API's errors as {@code application/problem+json} (RFC 9457). Validation problems name each field
 * in {@code errors: [{field, message}]}; a refused change names its field in {@code field}.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionAdvice extends ResponseEntityExceptionHandler {

    private final MessageSource messages;

    ApiExceptionAdvice(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(RecordNotFoundException.class)
    ProblemDetail notFound(RecordNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(EditConflictException.class)
    ProblemDetail conflict(EditConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The record was changed by someone else since the version you sent. Fetch it again and re-apply your change.");
        problem.setProperty("current", e.getCurrent());
        return problem;
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail conflict(OptimisticLockingFailureException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The record was changed by someone else at the same time. Fetch it again and re-apply your change.");
    }

    @ExceptionHandler(ChangeRefusedException.class)
    ProblemDetail refused(ChangeRefusedException e) {
        String message = messages.getMessage(e.getMessageCode(), null, e.getMessageCode(), LocaleContextHolder.getLocale());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, message);
        problem.setProperty("field", e.getField());
        problem.setProperty("errors", List.of(Map.of("field", e.getField(), "message", message)));
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Some fields are not valid.");
        problem.setType(URI.create("about:blank"));
        problem.setProperty("errors", e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message",
                        messages.getMessage(error, LocaleContextHolder.getLocale())))
                .toList());
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }
}
