package org.hindsight.system;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Page;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Links to another page of a paginated list that keep every other parameter of its URL (filters, sort). */
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

    /**
     * The current request's path and the parameters of its URL, with {@code page} replaced; values form-encoded. Only
     * the URL's: a form posted to a list's URL (the ledger's bulk changes) does not carry what was typed into it
     * along to the other pages.
     */
    public String to(int page) {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
                .getRequest();
        StringJoiner query = new StringJoiner("&");
        String raw = request.getQueryString();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (name == null || value == null || name.isEmpty() || value.isEmpty() || name.equals("page")
                    || name.startsWith("_")) {
                continue;
            }
            query.add(encode(name) + "=" + encode(value));
        }
        query.add("page=" + page);
        return request.getRequestURI() + "?" + query;
    }

    /** Null for a malformed escape, which the servlet container ignores too. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
