package org.hindsight.system;

import java.net.URI;
import java.util.List;
import java.util.Map;

import java.util.stream.Collectors;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.CannotSerializeTransactionException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;

/**
 * The API's errors as {@code application/problem+json} (RFC 9457). Validation problems name each field
 * in {@code errors: [{field, message}]}; a refused change names its field in {@code field}.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionAdvice extends ResponseEntityExceptionHandler {

    static final String BUSY_DETAIL = "The database could not finish this request in time (another change held the"
            + " same record, or a statement took too long); nothing was changed. Send it again in a few seconds.";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiExceptionAdvice.class);

    private final MessageSource messages;

    ApiExceptionAdvice(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your role does not allow this request: "
                + e.getMessage() + ".");
    }

    /** Refused for who the caller is in this record, not for their role: names the field and what would allow it. */
    @ExceptionHandler(ChangeForbiddenException.class)
    ProblemDetail forbidden(ChangeForbiddenException e) {
        String message = messages.getMessage(e.getMessageCode(), null, e.getMessageCode(), LocaleContextHolder.getLocale());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, message);
        problem.setProperty("field", e.getField());
        problem.setProperty("errors", List.of(Map.of("field", e.getField(), "message", message)));
        return problem;
    }

    /**
     * Anything unexpected: a 500 without internals, logged for the operators; 503 with {@code Retry-After} when the
     * database cannot be reached ({@link DatabaseOutage}).
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseOutage.isCause(e)) {
            log.warn("Database unavailable: an API request answered 503 ({})", DatabaseOutage.describe(e));
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    DatabaseOutage.DETAIL);
            problem.setTitle(DatabaseOutage.TITLE);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        log.error("Unexpected error in an API request", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Hindsight hit an unexpected error; the request was not completed. Try again, and tell your admin if it persists."));
    }

    /**
     * The database did not finish in time: a lock held elsewhere for longer than a request may wait, a statement that
     * timed out, or a deadlock the database broke. Nothing was changed (the transaction rolled back), and the same
     * request may simply be sent again: 503 with {@code Retry-After}, not a 500, as the client did nothing wrong.
     */
    @ExceptionHandler({PessimisticLockingFailureException.class, QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> busy(DataAccessException e) {
        if (e instanceof DeadlockLoserDataAccessException || e instanceof CannotSerializeTransactionException) {
            // still answered as busy, but a deadlock usually means two paths take their locks in different orders
            log.error("Deadlock or serialization failure: an API request answered 503", e);
        } else if (e instanceof MessageSourceResolvable) {
            // says what it was itself (a search refused: too many at once, or out of time), and is counted there
            log.debug("Busy: an API request answered 503 ({})", e.getMessage());
        } else {
            log.warn("Busy: an API request timed out in the database and answered 503 ({})",
                    DatabaseOutage.describe(e));
        }
        // a timeout that says what it was in its own words (a search that waited too long for its turn, or took too
        // long) is told in them
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                e instanceof MessageSourceResolvable said ? messages.getMessage(said, LocaleContextHolder.getLocale())
                        : BUSY_DETAIL);
        problem.setTitle("Busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(Busy.RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
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
        String message = messages.getMessage(e.getMessageCode(), e.getArgs(), e.getMessageCode(),
                LocaleContextHolder.getLocale());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, message);
        problem.setProperty("field", e.getField());
        problem.setProperty("errors", List.of(Map.of("field", e.getField(), "message", message)));
        return problem;
    }

    /** A parameter the request may not carry, such as an index into a list ({@code roles[300]}). */
    @ExceptionHandler(BadParameterException.class)
    ProblemDetail badParameter(BadParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage() + ".");
        problem.setProperty("field", e.getParameter());
        problem.setProperty("errors", List.of(Map.of("field", e.getParameter(), "message", "Not a parameter this request takes.")));
        return problem;
    }

    @ExceptionHandler(ApiValidationException.class)
    ProblemDetail invalid(ApiValidationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Some fields are not valid.");
        problem.setProperty("errors", e.getProblems());
        return problem;
    }

    /** Unreadable JSON, or a value of the wrong type: names the field where the parser can tell. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
                field = json.getPath().stream()
                        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
                break;
            }
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field == null
                ? "The body is not valid JSON of the expected shape."
                : "The field '" + field + "' has a value of the wrong type or format.");
        if (field != null) {
            problem.setProperty("field", field);
            problem.setProperty("errors", List.of(Map.of("field", field, "message", "Wrong type or format.")));
        }
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** A query parameter of the wrong type, e.g. {@code status=SOMETIMES}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The parameter '" + field + "' has a value of the wrong type or format.");
        problem.setProperty("field", field);
        problem.setProperty("errors", List.of(Map.of("field", String.valueOf(field), "message", "Wrong type or format.")));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
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
