package org.hindsight.system;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Wraps username-and-password sign-in (form and HTTP Basic) with the {@link LoginThrottle}. */
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider delegate;
    private final LoginThrottle throttle;

    ThrottledAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    /** Too many failed sign-ins for this account or address: try again later. */
    static class LoginThrottledException extends AuthenticationException {
        LoginThrottledException() {
            super("Too many failed sign-ins; try again in a minute");
        }
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";
        if (!throttle.tryAttempt(username, address)) {
            throw new LoginThrottledException();
        }
        try {
            Authentication result = delegate.authenticate(authentication);
            throttle.succeeded(username, address);
            return result;
        } catch (org.springframework.security.authentication.InternalAuthenticationServiceException e) {
            // the accounts could not be read (the database is down): no verdict on the password, no failure counted
            throttle.abandoned(username, address);
            throw e;
        } catch (AuthenticationException e) {
            throttle.failed(username, address);
            throw e;
        } catch (RuntimeException e) {
            throttle.abandoned(username, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
