package org.hindsight.user;

import org.hindsight.system.DatabaseOutage;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * After a failed sign-in, back to the sign-in page with the typed username kept. The message says the
 * same for a wrong password, an unknown user and a disabled account; only throttling says "wait".
 */
public class LoginFailureHandler implements AuthenticationFailureHandler {

    /** Session attribute with the username typed in the failed attempt, shown again in the form. */
    public static final String LAST_USERNAME = "hindsight.lastUsername";

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        if (DatabaseOutage.isCause(exception)) {
            // the accounts could not be read: DatabaseOutageFilter answers with the 503 page, not "wrong password"
            throw exception;
        }
        String username = request.getParameter("username");
        if (username != null) {
            request.getSession().setAttribute(LAST_USERNAME, username.length() > 64 ? username.substring(0, 64) : username);
        }
        String outcome = exception instanceof LoginThrottle.TooManyFailuresException ? "locked"
                : exception instanceof LoginThrottle.BusyException ? "busy" : "error";
        response.sendRedirect(request.getContextPath() + "/login?" + outcome);
    }
}
