package org.hindsight.user;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 for the API as {@code application/problem+json}, never a login page or a redirect. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> {
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
