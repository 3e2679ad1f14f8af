package org.hindsight.user;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Wraps username-and-password sign-in (form and HTTP Basic) with the {@link LoginThrottle}: every request's
 * password is checked (nothing is cached), and only wrong ones count.
 */
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider delegate;
    private final LoginThrottle throttle;

    ThrottledAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";
        LoginThrottle.Attempt attempt = throttle.admit(username, address);
        try {
            Authentication result = delegate.authenticate(authentication);
            attempt.succeeded();
            return result;
        } catch (AuthenticationServiceException e) {
            // the check could not be made (e.g. the database was down): no answer about the password
            attempt.abandoned();
            throw e;
        } catch (AuthenticationException e) {
            if (attempt.failed()) {
                throw new LockingFailureException(e);
            }
            throw e;
        } finally {
            attempt.abandoned(); // ends it if nothing above did (an unexpected exception); no-op otherwise
        }
    }

    /** A wrong password that locked the account or the address: refused as any other, and recorded as a lockout. */
    static final class LockingFailureException extends BadCredentialsException {
        LockingFailureException(AuthenticationException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
