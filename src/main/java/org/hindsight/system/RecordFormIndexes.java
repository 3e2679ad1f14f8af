package org.hindsight.system;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.context.request.WebRequest;

/**
 * A form bound to a record (constructor binding) takes its lists from repeated parameters ({@code selected=1:0&
 * selected=2:3}); no page names their elements by index. Given an index anyway ({@code selected[x]},
 * {@code roles[300]}, {@code selected[-1]}), Spring's constructor binding fails inside (NumberFormatException,
 * IndexOutOfBoundsException) or builds a list with gaps, so such a request is refused before binding: the 400 page
 * naming the parameter, nothing read, nothing written.
 */
final class RecordFormIndexes {

    private RecordFormIndexes() {
    }

    static void refuse(WebDataBinder binder, WebRequest request) {
        Class<?> type = binder.getTarget() == null && binder.getTargetType() != null
                ? binder.getTargetType().resolve() : null;
        if (type == null || !type.isRecord()) {
            return;
        }
        for (Iterator<String> names = request.getParameterNames(); names.hasNext(); ) {
            String name = names.next();
            int bracket = name.indexOf('[');
            if (bracket > 0 && isComponent(type, name.substring(0, bracket))) {
                throw new BadParameterException(name);
            }
        }
    }

    private static boolean isComponent(Class<?> record, String name) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
