package org.hindsight.user;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a signed-in session in step with the account: a user an admin disabled or deleted, or whose
 * password changed elsewhere, is signed out on their next request; changed roles, name or time zone apply
 * at once, without a new sign-in. Each request reads the account's version (and timeline order); the account is
 * read in full only when they changed.
 */
public class SessionUserRefreshFilter extends OncePerRequestFilter {

    private final DatabaseUserDetailsService userDetails;
    private final SecurityContextRepository repository;

    public SessionUserRefreshFilter(DatabaseUserDetailsService userDetails, SecurityContextRepository repository) {
        this.userDetails = userDetails;
        this.repository = repository;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof HindsightUser signedIn
                && userDetails.changedSince(signedIn)) {
            var current = userDetails.reload(signedIn.getId()).filter(HindsightUser::isEnabled)
                    .filter(user -> !user.credentialsChanged(signedIn));
            if (current.isEmpty()) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else if (current.get().differsFrom(signedIn)) {
                HindsightUser now = signedIn.sameSignIn(current.get());
                now.eraseCredentials();
                // signed in through the OpenID provider: still so (sign-out then ends the provider's session too)
                AbstractAuthenticationToken refreshed = authentication instanceof OAuth2AuthenticationToken oidc
                        ? new OAuth2AuthenticationToken(now, now.getAuthorities(),
                                oidc.getAuthorizedClientRegistrationId())
                        : UsernamePasswordAuthenticationToken.authenticated(now, null, now.getAuthorities());
                refreshed.setDetails(authentication.getDetails());
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(refreshed);
                SecurityContextHolder.setContext(context);
                repository.saveContext(context, request, response);
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }
}
