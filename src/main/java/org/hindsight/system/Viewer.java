package org.hindsight.system;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who is viewing, for the layout ({@code @viewer} in templates): whether someone is signed in and which roles they
 * hold. The layout asks on every page; {@code sec:authorize} built a security expression context each time and
 * was a fifth of the layout's work.
 */
@Component("viewer")
public class Viewer {

    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    /** Signed in: neither anonymous nor unauthenticated (as {@code isAuthenticated()}). */
    public boolean signedIn() {
        return trust.isAuthenticated(SecurityContextHolder.getContext().getAuthentication());
    }

    /**
     * Signed in and holding {@code role}, as {@code hasRole('MANAGER')} (each role's authorities include those below
     * it).
     */
    public boolean has(String role) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!trust.isAuthenticated(authentication)) {
            return false;
        }
        String authority = "ROLE_" + role;
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            if (authority.equals(granted.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
