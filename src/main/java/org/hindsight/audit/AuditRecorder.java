package org.hindsight.audit;

import java.time.Clock;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import org.hindsight.system.Audited;
import org.hindsight.user.HindsightUser;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the trail. A change is recorded inside the transaction that made it (the listener runs in it), so what
 * rolls back leaves nothing; sign-ins, refused sign-ins and lockouts (announced by the sign-in page), which happen
 * outside one, get their own.
 */
@Component
class AuditRecorder {

    static final String SIGN_IN = "sign-in";

    private final AuditEntryRepository entries;
    private final Clock clock;

    AuditRecorder(AuditEntryRepository entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
    }

    @EventListener
    @Transactional
    public void on(Audited change) {
        if (change.isEmpty()) {
            return;
        }
        HttpServletRequest request = AuditChannel.request();
        String channel = AuditChannel.of(request);
        // a sign-in's actor is the account it was for (no one is signed in when it fails); so is a change that
        // signing in makes to the account (single sign-on: created, linked, its name, email or roles)
        String actor = SIGN_IN.equals(change.type()) || AuditChannel.SIGN_IN.equals(channel) ? change.id()
                : actor(request);
        Instant at = clock.instant();
        if (change.changes().isEmpty()) {
            entries.save(new AuditEntry(at, actor, channel, change.type(), change.id(), change.incidentId(),
                    change.action(), null, null, null, null));
        }
        for (Audited.Change field : change.changes()) {
            entries.save(new AuditEntry(at, actor, channel, change.type(), change.id(), change.incidentId(),
                    change.action(), field.field(), field.from(), field.to(), field.diff()));
        }
    }

    /** A sign-in through the form (not each request of a script, which signs in with every call). */
    @EventListener
    @Transactional
    public void on(InteractiveAuthenticationSuccessEvent success) {
        String username = name(success.getAuthentication());
        entries.save(new AuditEntry(clock.instant(), username, AuditChannel.SIGN_IN, SIGN_IN, username, null,
                "SIGNED_IN", null, null, null, null));
    }

    private static String actor(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof HindsightUser user) {
            return user.getUsername();
        }
        String integration = AuditChannel.integration(request);
        return integration != null ? integration : "system";
    }

    private static String name(Authentication authentication) {
        return authentication.getPrincipal() instanceof HindsightUser user ? user.getUsername()
                : authentication.getName();
    }
}
