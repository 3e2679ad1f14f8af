package org.hindsight.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Page;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Links to another page of a paginated list that keep every other query parameter (filters, sort). */
@Component("pageLinks")
public class PageLinks {

    /** The links to the pages before and after one, null where there is none. */
    public record Links(String previous, String next) {
    }

    /** The links to the pages before and after {@code page}, as {@link #to} makes them. */
    public Links around(Page<?> page) {
        return new Links(page.hasPrevious() ? to(page.getNumber() - 1) : null,
                page.hasNext() ? to(page.getNumber() + 1) : null);
    }

    /** The current request's path and parameters, with {@code page} replaced; values form-encoded. */
    public String to(int page) {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
                .getRequest();
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (parameter.getKey().equals("page") || parameter.getKey().startsWith("_")) {
                continue;
            }
            for (String value : parameter.getValue()) {
                if (!value.isEmpty()) {
                    query.add(encode(parameter.getKey()) + "=" + encode(value));
                }
            }
        }
        query.add("page=" + page);
        return request.getRequestURI() + "?" + query;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
