package org.hindsight.user;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/** Replaces the signed-in user's snapshot in their session, e.g. after they changed their own password. */
@Component
class SignedInSession {

    private final DatabaseUserDetailsService userDetails;
    private final HttpSessionSecurityContextRepository repository = new HttpSessionSecurityContextRepository();

    SignedInSession(DatabaseUserDetailsService userDetails) {
        this.userDetails = userDetails;
    }

    void refresh(HttpServletRequest request, HttpServletResponse response) {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof HindsightUser signedIn)) {
            return;
        }
        userDetails.reload(signedIn.getId()).ifPresent(current -> {
            current.eraseCredentials();
            var refreshed = UsernamePasswordAuthenticationToken.authenticated(current, null, current.getAuthorities());
            refreshed.setDetails(authentication.getDetails());
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(refreshed);
            SecurityContextHolder.setContext(context);
            repository.saveContext(context, request, response);
        });
    }
}
