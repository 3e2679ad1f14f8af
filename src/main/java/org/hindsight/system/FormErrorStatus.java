package org.hindsight.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A page shown again because a value could not be read at all (text in a number field, a date outside 1970 to
 * 9999, an unknown choice: a binding failure, which a form's own inputs never send) answers 400, with the form,
 * its messages and what was typed. A value that was read but breaks a rule (blank, too long, over 100) shows the
 * form again with 200, as before.
 */
@Configuration(proxyBeanMethods = false)
class FormErrorStatus implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
            ModelAndView page) {
        if (page == null || response.getStatus() != HttpStatus.OK.value()
                || (page.getViewName() != null && page.getViewName().startsWith("redirect:"))) {
            return;
        }
        for (Object value : page.getModel().values()) {
            if (value instanceof BindingResult result
                    && result.getFieldErrors().stream().anyMatch(FormErrorStatus::unreadable)) {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                return;
            }
        }
    }

    /** A value was sent and could not be read (a missing one is "required", like a blank one). */
    private static boolean unreadable(FieldError error) {
        return error.isBindingFailure() && error.getRejectedValue() != null;
    }
}
