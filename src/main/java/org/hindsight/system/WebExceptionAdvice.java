package org.hindsight.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Pages: a record that does not exist is the 404 page in the layout, a query parameter it cannot use the 400 page, a
 * database that stayed busy the 503 busy page that can send the form again.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class WebExceptionAdvice {

    private static final Logger log = LoggerFactory.getLogger(WebExceptionAdvice.class);

    /** Fields never written back into a page: a password typed into a form is not echoed in HTML. */
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(password|secret|token).*");

    /** One value of the form to send again (a name sent several times: one field each, together). */
    record ResentField(String name, String value) {
    }

    /**
     * The database stayed busy for longer than a request waits (a lock held elsewhere past
     * {@code hindsight.database.lock-timeout}, a statement that timed out): the transaction rolled back and nothing was
     * saved. 503 with {@code Retry-After}, saying so, and a button that sends the same form again as it was typed
     * (every parameter but the CSRF token, which the page adds fresh; query parameters go with the form's, which binds
     * them the same), so that nothing typed is lost. A form with a file or a secret (a field named like password,
     * secret or token) is not sent again from here: the page says to go back, where the browser kept the form.
     */
    @ExceptionHandler({PessimisticLockingFailureException.class, QueryTimeoutException.class})
    ModelAndView busy(DataAccessException e, HttpServletRequest request, HttpServletResponse response) {
        if (e instanceof MessageSourceResolvable) {
            // says what it was itself (a search refused: too many at once, or out of time), and is counted there
            log.debug("Busy: {} {} answered 503 ({})", request.getMethod(), request.getRequestURI(), e.getMessage());
        } else {
            log.warn("Busy: {} {} timed out in the database and answered 503 ({})", request.getMethod(),
                    request.getRequestURI(), DatabaseOutage.describe(e));
        }
        ModelAndView page = new ModelAndView("error/busy");
        page.setStatus(HttpStatus.SERVICE_UNAVAILABLE);
        if (e instanceof MessageSourceResolvable said) {
            // a timeout that says what it was (a search: waited too long for its turn, or took too long)
            page.addObject("busyCode", said.getCodes()[0]);
            page.addObject("busyArguments", said.getArguments());
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(Busy.RETRY_AFTER_SECONDS));
        // context-relative, one leading slash: the page links back to where the request went, never elsewhere
        String path = request.getRequestURI().substring(request.getContextPath().length()).replaceFirst("^/+", "/");
        boolean post = "POST".equals(request.getMethod());
        page.addObject("busyPost", post);
        if (!post) {
            page.addObject("retryUrl", request.getQueryString() == null ? path : path + "?" + request.getQueryString());
            return page;
        }
        String type = request.getContentType();
        boolean file = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
        List<ResentField> fields = new ArrayList<>();
        boolean secret = false;
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            if (name.equals("_csrf")) {
                continue;
            }
            secret |= SECRET_FIELD.matcher(name).matches();
            for (String value : parameter.getValue()) {
                fields.add(new ResentField(name, value));
            }
        }
        if (!file && !secret) {
            page.addObject("resendAction", path);
            page.addObject("resendFields", fields);
        }
        return page;
    }

    /**
     * Two people changed the same record in the same instant (a form's own conflict handling did not apply):
     * back to where the user came from, with a message; nothing was saved from this request.
     */
    @ExceptionHandler(OptimisticLockingFailureException.class)
    String changedMeanwhile(HttpServletRequest request, RedirectAttributes redirect) {
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("conflict.retry"));
        String back = request.getRequestURI().substring(request.getContextPath().length());
        int cut = back.indexOf('/', "/incidents/".length());
        return "redirect:" + (back.startsWith("/incidents/") && cut > 0 ? back.substring(0, cut) : "/incidents");
    }

    @ExceptionHandler(RecordNotFoundException.class)
    ModelAndView notFound() {
        ModelAndView page = new ModelAndView("error/404");
        page.setStatus(HttpStatus.NOT_FOUND);
        return page;
    }

    /** A query parameter the page cannot use ({@code page=abc}, {@code page=2147483647}): 400, naming it. */
    @ExceptionHandler({BadParameterException.class, MethodArgumentTypeMismatchException.class})
    ModelAndView badParameter(Exception e) {
        ModelAndView page = new ModelAndView("error");
        page.addObject("status", HttpStatus.BAD_REQUEST.value());
        page.addObject("parameter", e instanceof BadParameterException bad ? bad.getParameter()
                : ((MethodArgumentTypeMismatchException) e).getName());
        page.setStatus(HttpStatus.BAD_REQUEST);
        return page;
    }
}
