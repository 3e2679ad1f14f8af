package org.hindsight.user;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Whether single sign-on is on: an {@link OidcSignIn} when the issuer, the client id and the client secret are all
 * set, else none. Decided as the application starts, from its settings, and not by a bean condition: the Docker image
 * runs the application from its ahead-of-time processed bean definitions (README "Start-up"), whose conditions were
 * decided when the jar was built, without the operator's settings.
 */
@Component
class SingleSignOn {

    private final OidcSignIn signIn;

    SingleSignOn(OidcProperties settings, OidcAccounts accounts, ApplicationEventPublisher events) {
        this.signIn = settings.configured() ? new OidcSignIn(settings, accounts, events) : null;
    }

    /** The sign-in through the provider, or null when single sign-on is not configured. */
    OidcSignIn signIn() {
        return signIn;
    }

    @EventListener(ApplicationReadyEvent.class)
    void readDiscoveryDocument() {
        if (signIn != null) {
            signIn.readDiscoveryDocument();
        }
    }
}
