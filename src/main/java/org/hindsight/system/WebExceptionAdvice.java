package org.hindsight.system;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages: a record that does not exist is the 404 page in the layout, a query parameter it cannot use the 400 page. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class WebExceptionAdvice {

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
