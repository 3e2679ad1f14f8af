package org.hindsight.user;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hindsight.system.Audited;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The account of someone the OpenID provider signed in (README "Single sign-on"): the account linked to them; else
 * the one password account with their email address, when the provider says it verified it, which is linked from
 * then on; else a new account. Each sign-in sets the display name, the email address and the roles from the
 * provider's claims. Refused, with the reason on the sign-in page: a disabled account, someone in no mapped group when
 * the default role is NONE, and a new account whose username is another account's (never taken over).
 * <p>
 * Two first sign-ins of the same person at once (two tabs, a double click) both find no account; the second one's
 * insert then breaks the unique constraint. That sign-in is not a 500: it starts again in a new transaction, finds the
 * account the other made, and goes on as a later sign-in does.
 */
@Service
class OidcAccounts {

    private static final Logger log = LoggerFactory.getLogger(OidcAccounts.class);
    /** Tries of a sign-in whose new account collided with another sign-in's; more would mean something else is wrong. */
    private static final int TRIES = 3;

    private final UserRepository users;
    private final UserService accounts;
    private final OidcRoles roles;
    private final OidcProperties settings;
    private final PasswordLoginProperties passwordLogin;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transaction;

    OidcAccounts(UserRepository users, UserService accounts, OidcProperties settings,
            PasswordLoginProperties passwordLogin, ApplicationEventPublisher events, Clock clock,
            PlatformTransactionManager transactions) {
        this.users = users;
        this.accounts = accounts;
        this.roles = new OidcRoles(settings);
        this.settings = settings;
        this.passwordLogin = passwordLogin;
        this.events = events;
        this.clock = clock;
        // each try in a transaction of its own (the sign-in filter calls outside any): a failed insert leaves its
        // transaction fit only for a rollback
        this.transaction = new TransactionTemplate(transactions);
    }

    /** A sign-in the application refuses although the provider signed the person in; {@code reason} names why. */
    static final class Refused extends OAuth2AuthenticationException {

        private final String reason;
        private final String who;

        Refused(String reason, String who) {
            super(new OAuth2Error("access_denied", "Sign-in refused: " + reason, null));
            this.reason = reason;
            this.who = who;
        }

        String reason() {
            return reason;
        }

        /** The account, or the name the provider gave, for the audit trail. */
        String who() {
            return who;
        }
    }

    HindsightUser signIn(OidcUser person) {
        for (int tried = 1;; tried++) {
            try {
                return transaction.execute(status -> signInOnce(person));
            } catch (DataIntegrityViolationException e) {
                if (tried == TRIES) {
                    throw e;
                }
                // another sign-in of the same person made the account meanwhile: this one is a later sign-in
                log.info("Single sign-on of {} met another sign-in making the same account; trying again",
                        person.getSubject());
            }
        }
    }

    private HindsightUser signInOnce(OidcUser person) {
        String issuer = person.getIdToken().getIssuer() != null ? person.getIdToken().getIssuer().toString()
                : settings.issuer();
        String subject = person.getSubject();
        String email = person.getEmail() == null || person.getEmail().isBlank() ? null : person.getEmail().trim();
        String username = username(person, email);
        Set<Role> granted = roles.of(person.getClaims());
        User user = users.findWithRolesByOidcIssuerAndOidcSubject(issuer, subject)
                .orElseGet(() -> verifiedEmailOwner(person, email, username));
        if (user != null && !user.isEnabled()) {
            // disabled in Hindsight stays disabled, whatever the provider says
            throw new Refused("disabled", user.getUsername());
        }
        if (granted == null) {
            throw new Refused("noRole", user == null ? username : user.getUsername());
        }
        if (email == null) {
            throw new Refused("noEmail", user == null ? username : user.getUsername());
        }
        if (user == null && users.existsByUsername(username)) {
            // another sign-in of the same person may have made the account since it was looked for: this one is a
            // later sign-in then; else the username is another account's, never taken over
            user = users.findWithRolesByOidcIssuerAndOidcSubject(issuer, subject)
                    .orElseThrow(() -> new Refused("usernameTaken", username));
        }
        if (user == null) {
            user = create(issuer, subject, username, person, email, granted);
        } else {
            update(user, issuer, subject, person, email, granted);
        }
        return new HindsightUser(user, person.getIdToken());
    }

    /**
     * The one account, not yet linked, with this email address, when the provider verified the address; never the
     * break-glass account, which stays the password way in.
     */
    private User verifiedEmailOwner(OidcUser person, String email, String username) {
        if (email == null || !Boolean.TRUE.equals(person.getEmailVerified())) {
            return null;
        }
        List<User> owners = users.findWithRolesByEmail(email).stream().filter(user -> !user.isLinked())
                .filter(user -> !user.getUsername().equals(passwordLogin.breakGlassAccount())).toList();
        if (owners.size() > 1) {
            throw new Refused("ambiguousEmail", username);
        }
        return owners.isEmpty() ? null : owners.get(0);
    }

    private User create(String issuer, String subject, String username, OidcUser person, String email,
            Set<Role> granted) {
        User user = new User(username, displayName(person, username), cut(email, 254), null, zone(person), granted,
                clock.instant());
        user.linkTo(issuer, subject);
        users.saveAndFlush(user);
        accounts.accountsChanged();
        events.publishEvent(Audited.created(UserService.AUDITED, username, null, UserService.audited(user)));
        return user;
    }

    private void update(User user, String issuer, String subject, OidcUser person, String email, Set<Role> granted) {
        Map<String, Object> before = UserService.audited(user);
        String name = displayName(person, user.getUsername());
        if (!name.equals(user.getDisplayName())) {
            accounts.accountsChanged();
        }
        user.linkTo(issuer, subject);
        user.setDisplayName(name);
        user.setEmail(cut(email, 254));
        user.setRoles(granted);
        users.flush();
        events.publishEvent(Audited.changed(UserService.AUDITED, user.getUsername(), null, before,
                UserService.audited(user)));
    }

    /**
     * The username claim, else the email address: lower case, its part before an {@code @} when it is an address
     * (Entra ID's UPN), other characters than letters, digits, dot, dash and underscore made dots.
     */
    private String username(OidcUser person, String email) {
        Object claim = person.getClaims().get(settings.usernameClaimName());
        String raw = claim instanceof String text && !text.isBlank() ? text : email;
        if (raw == null) {
            throw new Refused("noUsername", person.getSubject());
        }
        String name = Usernames.normalize(raw);
        int at = name.indexOf('@');
        if (at > 0) {
            name = name.substring(0, at);
        }
        name = cut(name.replaceAll("[^a-z0-9._-]", "."), 64);
        if (!name.matches(Usernames.PATTERN)) {
            throw new Refused("noUsername", raw);
        }
        return name;
    }

    private static String displayName(OidcUser person, String username) {
        String name = person.getFullName();
        if (name == null || name.isBlank()) {
            String joined = ((person.getGivenName() == null ? "" : person.getGivenName()) + " "
                    + (person.getFamilyName() == null ? "" : person.getFamilyName())).trim();
            name = joined.isEmpty() ? username : joined;
        }
        return cut(name.trim(), 120);
    }

    private static ZoneId zone(OidcUser person) {
        String zoneinfo = person.getZoneInfo();
        try {
            return zoneinfo == null || zoneinfo.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zoneinfo.trim());
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
