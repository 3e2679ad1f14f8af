package org.hindsight.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The database cannot be reached: 503 with {@code Retry-After}, as problem details under {@code /api} and
 * {@code /actuator}, as the 503 page ({@code templates/error/503.html}) everywhere else. Wraps everything that may
 * reach the database before or after a controller (signing in, refreshing the session's user, API tokens,
 * rendering), so none of it turns an outage into a 500. The API's controllers answer the same from
 * {@link ApiExceptionAdvice}, as it sees their exceptions first.
 */
@Component
@Order(DatabaseOutageFilter.ORDER)
class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DatabaseOutageFilter.class);

    /** Outside Spring Security (-100) and a session repository (Spring Session's is HIGHEST_PRECEDENCE + 50). */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
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
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            }
        }
    }
}
