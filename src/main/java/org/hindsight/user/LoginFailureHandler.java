package org.hindsight.user;

import org.hindsight.system.Audited;
import org.hindsight.system.DatabaseOutage;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * After a failed sign-in, back to the sign-in page with the typed username kept. The message says the
 * same for a wrong password, an unknown user and a disabled account; only throttling says "wait".
 */
public class LoginFailureHandler implements AuthenticationFailureHandler {

    private final ApplicationEventPublisher events;

    public LoginFailureHandler(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** The record type of sign-ins in the audit trail. */
    public static final String SIGN_IN = "sign-in";

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
        // the audit trail: who tried (as typed); the failure that locked the account is the lockout. Attempts
        // refused while it is locked are not recorded one by one: they check no password, cost nothing to send,
        // and would let anyone fill the trail
        if (!(exception instanceof LoginThrottle.TooManyFailuresException)) {
            String typed = username == null || username.isBlank() ? "(no username)"
                    : username.length() > 64 ? username.substring(0, 64) : username.strip();
            events.publishEvent(Audited.happened(SIGN_IN, typed, null,
                    exception instanceof ThrottledAuthenticationProvider.LockingFailureException ? "LOCKED_OUT"
                            : "SIGN_IN_FAILED"));
        }
        response.sendRedirect(request.getContextPath() + "/login?" + outcome);
    }
}
