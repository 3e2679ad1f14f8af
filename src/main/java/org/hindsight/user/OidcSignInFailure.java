package org.hindsight.user;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.hindsight.system.Audited;
import org.hindsight.system.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.client.ResourceAccessException;

/**
 * A sign-in through the provider that did not succeed: back to the sign-in page, which says why
 * ({@code /login?sso=<reason>}): the provider cannot be reached, the answer did not belong to a sign-in started here
 * (state) or was not valid (nonce, signature), the provider refused, or Hindsight refused the account (recorded in the
 * audit trail). Never a 500.
 */
final class OidcSignInFailure implements AuthenticationFailureHandler {

    /** The reasons the sign-in page knows, each with its message ({@code login.sso.<reason>}). */
    static final Set<String> REASONS = Set.of("unavailable", "state", "invalid", "denied", "failed", "disabled",
            "noRole", "noEmail", "noUsername", "usernameTaken", "ambiguousEmail");

    private static final Logger log = LoggerFactory.getLogger(OidcSignInFailure.class);

    private final ApplicationEventPublisher events;

    OidcSignInFailure(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        if (DatabaseOutage.isCause(exception)) {
            // the accounts could not be read: DatabaseOutageFilter answers with the 503 page
            throw exception;
        }
        String reason = reason(exception);
        if (exception instanceof OidcAccounts.Refused refused) {
            events.publishEvent(Audited.happened(LoginFailureHandler.SIGN_IN, refused.who(), null,
                    "SIGN_IN_REFUSED"));
            log.info("Single sign-on of {} refused: {}", refused.who(), reason);
        } else {
            log.warn("Single sign-on failed ({}): {}", reason, exception.getMessage());
        }
        response.sendRedirect(request.getContextPath() + "/login?sso=" + reason);
    }

    static String reason(AuthenticationException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof OidcAccounts.Refused refused) {
                return refused.reason();
            }
            if (cause instanceof OidcRegistrations.Unavailable || cause instanceof ResourceAccessException
                    || cause instanceof java.net.SocketTimeoutException || cause instanceof java.net.ConnectException) {
                // also a JWK set or userinfo request that timed out (the library calls that an invalid ID token)
                return "unavailable";
            }
        }
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof OAuth2AuthenticationException oauth) {
                return switch (oauth.getError().getErrorCode()) {
                    case "authorization_request_not_found", "invalid_state_parameter" -> "state";
                    case "invalid_nonce", "invalid_id_token", "invalid_redirect_uri_parameter" -> "invalid";
                    case "access_denied", "login_required", "consent_required" -> "denied";
                    case "invalid_token_response", "invalid_user_info_response" -> "unavailable";
                    default -> "failed";
                };
            }
        }
        return "failed";
    }
}
