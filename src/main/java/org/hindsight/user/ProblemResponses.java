package org.hindsight.user;

import org.hindsight.system.DatabaseOutage;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 for the API as {@code application/problem+json}, never a login page or a redirect; 503 when the
 * accounts could not be read because the database is unavailable.
 */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> {
            if (databaseUnavailable(response, e)) {
                return;
            }
            if (e instanceof LoginThrottle.BusyException) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                write(response, 503, "Service Unavailable",
                        "Too many sign-ins at once for this account or address are being checked; try again in a moment.");
                return;
            }
            // no Basic challenge: a browser would prompt, cache the credentials and send them cross-site
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Hindsight\"");
            write(response, 401, "Unauthorized",
                    "Authenticate with HTTP Basic (username and password) or a personal API token (Authorization: Bearer ...).");
        };
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, e) -> write(response, 403, "Forbidden",
                "Your role does not allow this request.");
    }

    /** 503 while the database cannot be reached ({@link DatabaseOutage}); the caller sets Retry-After. */
    static void databaseUnavailable(HttpServletResponse response) throws IOException {
        DatabaseOutage.writeProblem(response);
    }

    /** An authentication that failed because the accounts could not be read: the outage, not a 401. */
    private static boolean databaseUnavailable(HttpServletResponse response,
            org.springframework.security.core.AuthenticationException e) throws IOException {
        if (!DatabaseOutage.isCause(e)) {
            return false;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS));
        databaseUnavailable(response);
        return true;
    }

    private static void write(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        // fixed texts only: nothing from the request is echoed, so no JSON escaping is needed
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
