package org.hindsight.system;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
        Set<String> inUrl = "GET".equals(request.getMethod()) ? null : namesInUrl(request.getQueryString());
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            if (name.equals("page") || name.startsWith("_") || inUrl != null && !inUrl.contains(name)) {
                continue;
            }
            for (String value : parameter.getValue()) {
                if (!value.isEmpty()) {
                    query.add(encode(name) + "=" + encode(value));
                }
            }
        }
        query.add("page=" + page);
        return request.getRequestURI() + "?" + query;
    }

    /** The names of the parameters in a query string (a malformed one left out, as the servlet container does). */
    private static Set<String> namesInUrl(String query) {
        Set<String> names = new HashSet<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int equals = pair.indexOf('=');
            try {
                names.add(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // not a parameter
            }
        }
        return names;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
