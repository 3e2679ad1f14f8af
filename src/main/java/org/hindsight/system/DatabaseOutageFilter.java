package org.hindsight.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * The database cannot be reached: 503 with {@code Retry-After}, as problem details under {@code /api} and
 * {@code /actuator}, as the 503 page ({@code templates/error/503.html}) everywhere else. Wraps everything that may
 * reach the database before or after a controller (the session store, signing in, refreshing the session's user,
 * API tokens, rendering), so none of it turns an outage into a 500. The page is rendered here rather than by an
 * error dispatch: that would go through the session store, the signed-in user and the layout again, each of which
 * reads the database. The API's controllers answer the same from {@link ApiExceptionAdvice}, as it sees their
 * exceptions first.
 */
@Component
@Order(DatabaseOutageFilter.ORDER)
class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DatabaseOutageFilter.class);

    /** Outside Spring Security (-100) and the session store (Spring Session's is HIGHEST_PRECEDENCE + 50). */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final ObjectProvider<ITemplateEngine> templates;

    DatabaseOutageFilter(ObjectProvider<ITemplateEngine> templates) {
        this.templates = templates;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        OutageAwareDataSource.requestStarts();
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!DatabaseOutage.isCause(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("Database unavailable: {} {} answered 503 ({})", request.getMethod(), request.getRequestURI(),
                    DatabaseOutage.describe(e));
            response.resetBuffer();
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS));
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.startsWith("/api/") || path.startsWith("/actuator/")) {
                DatabaseOutage.writeProblem(response);
            } else {
                writePage(request, response);
            }
        } finally {
            OutageAwareDataSource.requestEnds();
        }
    }

    /** The 503 page, which reads nothing but its template and messages. */
    private void writePage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String page;
        try {
            WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(getServletContext())
                    .buildExchange(request, response), Locale.ENGLISH);
            page = templates.getObject().process("error/503", context);
        } catch (RuntimeException e) {
            log.warn("The 503 page could not be rendered; answering with plain text", e);
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(DatabaseOutage.TITLE + ". " + DatabaseOutage.DETAIL);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(page);
    }
}
