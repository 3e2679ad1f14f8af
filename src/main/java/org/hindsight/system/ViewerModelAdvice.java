package org.hindsight.system;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.context.request.WebRequest;

/**
 * Model attributes every page may need. Thymeleaf forbids bean calls in fragment parameters, so values such
 * as the viewer's time zone travel as plain model attributes.
 */
@ControllerAdvice
class ViewerModelAdvice {

    private final Times times;

    ViewerModelAdvice(Times times) {
        this.times = times;
    }

    /** NUL characters in form text are dropped: no database keeps them, and PostgreSQL refuses them. */
    @InitBinder
    void dropNulCharacters(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new java.beans.PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(text == null ? null : text.replace("\u0000", ""));
            }
        });
    }

    /**
     * Dates and times in every form: {@code 2024-05-12} and {@code 2024-05-12 09:30} (or {@code 9:30 AM} for a
     * viewer on the 12-hour clock), from the year 1970 to 9999, as the views show them.
     */
    @InitBinder
    void readDates(WebDataBinder binder) {
        FormDates.register(binder, times.twelveHourClock());
    }

    /** Record forms take no indexed parameters ({@code selected[300]}): the 400 page, not a 500. */
    @InitBinder
    void noIndexesIntoRecordForms(WebDataBinder binder, WebRequest request) {
        RecordFormIndexes.refuse(binder, request);
    }

    /**
     * The path of the page asked for, without the context path ({@code /incidents/INC-4}): the navigation marks
     * the section it belongs to as the current page.
     */
    @ModelAttribute("requestPath")
    String requestPath(jakarta.servlet.http.HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri != null && context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** The viewer's time zone id, e.g. {@code Europe/Berlin}, named wherever times are typed or shown. */
    @ModelAttribute("viewerZone")
    String viewerZone() {
        return times.zoneName();
    }
}
