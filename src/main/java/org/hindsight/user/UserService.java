package org.hindsight.user;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hindsight.system.Audited;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.RecentValue;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.system.SharedChanges;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts: created and managed by admins, and each user's own profile and password. */
@Service
@Transactional
public class UserService {

    private final UserRepository users;
    private final ApiTokenRepository tokens;
    private final PasswordEncoder passwordEncoder;
    /**
     * Shown on every incident page, the incident forms and the ledger (commander, responder and owner suggestions);
     * changes when accounts come or go or change their display name.
     */
    private final RecentValue<List<AccountChoice>> activeAccounts;
    private final ApplicationEventPublisher events;
    static final String AUDITED = "account";
    private final Clock clock;
    private final boolean singleSignOn;

    UserService(UserRepository users, ApiTokenRepository tokens, PasswordEncoder passwordEncoder, Clock clock,
            SharedChanges shared, ApplicationEventPublisher events, OidcProperties oidc) {
        this.events = events;
        this.singleSignOn = oidc.configured();
        this.users = users;
        this.tokens = tokens;
        this.passwordEncoder = passwordEncoder;
        this.activeAccounts = new RecentValue<>(Duration.ofSeconds(30), users::findActiveAccounts, shared);
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public UserView get(long id) {
        return view(load(id));
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN')")
    public Page<UserView> page(Pageable pageable) {
        return users.findAllByOrderByUsernameAsc(pageable).map(this::view);
    }

    @PreAuthorize("hasRole('ADMIN')")
    public long create(UserForms.NewUser form) {
        String username = Usernames.normalize(form.username());
        if (users.existsByUsername(username)) {
            throw new ChangeRefusedException("username", "user.username.taken");
        }
        User user = new User(username, form.displayName().trim(), form.email().trim(),
                passwordEncoder.encode(form.password()), ZoneId.of(form.timeZone()), form.roles(), clock.instant());
        try {
            activeAccounts.changed();
            long id = users.saveAndFlush(user).getId();
            events.publishEvent(Audited.created(AUDITED, username, null, audited(user)));
            return id;
        } catch (DataIntegrityViolationException e) {
            throw new ChangeRefusedException("username", "user.username.taken");
        }
    }

    /**
     * Creates an account for example data: enabled, so that it commands, owns and is offered as an owner, but
     * without a password, so that nobody signs in as it until an admin sets one (Admin → Users). Returns the
     * existing account's id when the username is taken.
     */
    public long createExampleAccount(String username, String displayName, String email, Role role) {
        activeAccounts.changed();
        return users.findByUsername(username).map(User::getId).orElseGet(() -> users.saveAndFlush(new User(username,
                displayName, email, null, ZoneId.of("UTC"), EnumSet.of(role), clock.instant())).getId());
    }

    /** Creates an account outside any admin's session: the first admin at start-up. */
    long createInitialAdmin(String username, String password) {
        User admin = new User(username, "Administrator", username + "@localhost", passwordEncoder.encode(password),
                ZoneId.of("UTC"), EnumSet.of(Role.ADMIN), clock.instant());
        activeAccounts.changed();
        return users.saveAndFlush(admin).getId();
    }

    /** What {@link #recoverAdmin} found and did. */
    enum Recovery {
        /** The account got the password, is enabled and an admin; its sessions end, its API tokens are revoked. */
        RESET,
        /** The account already had that password, was enabled and an admin: nothing changed. */
        ALREADY_SO,
        /** No account has that username. */
        NO_SUCH_ACCOUNT
    }

    /**
     * The way back from a lost admin password, at start-up (outside any admin's session): the account named
     * {@code username} gets {@code password} (hashed as any other), is enabled and holds the ADMIN role. As when
     * an admin sets a password, its open sessions end and its API tokens are revoked. Changes nothing when the
     * account already is so, so that a start with the setting left in place does not revoke tokens again.
     */
    Recovery recoverAdmin(String username, String password) {
        var found = users.findWithRolesByUsername(Usernames.normalize(username));
        if (found.isEmpty()) {
            return Recovery.NO_SUCH_ACCOUNT;
        }
        User user = found.get();
        if (user.isEnabled() && user.hasRole(Role.ADMIN) && passwordEncoder.matches(password, user.getPasswordHash())) {
            return Recovery.ALREADY_SO;
        }
        user.setPasswordHash(passwordEncoder.encode(password));
        user.setEnabled(true);
        if (!user.hasRole(Role.ADMIN)) {
            var roles = user.getRoles();
            roles.add(Role.ADMIN);
            user.setRoles(roles);
        }
        users.flush();
        tokens.deleteByUserId(user.getId());
        activeAccounts.changed();
        return Recovery.RESET;
    }

    /** Usernames of enabled accounts, for owner and commander suggestions. */
    @Transactional(readOnly = true)
    public List<String> activeUsernames() {
        return activeAccounts.get().stream().map(AccountChoice::username).toList();
    }

    /** Enabled accounts by username, with their display names: for commander and responder suggestions. */
    @Transactional(readOnly = true)
    public List<AccountChoice> activeAccounts() {
        return activeAccounts.get();
    }

    @Transactional(readOnly = true)
    long count() {
        return users.count();
    }

    @PreAuthorize("hasRole('ADMIN')")
    public void update(long id, UserForms.EditUser form, long actingUserId) {
        User user = load(id);
        if (user.getVersion() != form.version()) {
            throw new EditConflictException(view(user));
        }
        // the provider sets the roles of an account that signs in through it: the form's are not taken
        Set<Role> roles = rolesFromProvider(user) ? user.getRoles() : form.roles();
        boolean losesAdmin = user.hasRole(Role.ADMIN) && user.isEnabled()
                && (!roles.contains(Role.ADMIN) || !form.enabled());
        if (losesAdmin) {
            // lock the admins, then count afresh: on PostgreSQL a locking query re-checks only the locked
            // rows, so its own result may miss a concurrent demotion that a new statement sees
            users.lockEnabledAdmins();
            if (users.countEnabledAdmins() <= 1) {
                throw new ChangeRefusedException(form.enabled() ? "roles" : "enabled", "user.lastAdmin");
            }
        }
        if (id == actingUserId && !form.enabled()) {
            throw new ChangeRefusedException("enabled", "user.cannotDisableSelf");
        }
        Map<String, Object> before = audited(user);
        user.setDisplayName(form.displayName().trim());
        user.setEmail(form.email().trim());
        user.setZone(ZoneId.of(form.timeZone()));
        user.setRoles(roles);
        user.setEnabled(form.enabled());
        users.flush();
        activeAccounts.changed();
        events.publishEvent(Audited.changed(AUDITED, user.getUsername(), null, before, audited(user)));
    }

    @PreAuthorize("hasRole('ADMIN')")
    /** Sets a new password; the account's sessions end and its API tokens are revoked (it may be compromised). */
    public void resetPassword(long id, String newPassword) {
        User user = load(id);
        user.setPasswordHash(passwordEncoder.encode(newPassword));
        tokens.deleteByUserId(id);
        events.publishEvent(Audited.changed(AUDITED, user.getUsername(), null, "password", null,
                "reset by an admin; API tokens revoked"));
    }

    public void updateProfile(long id, UserForms.Profile form) {
        User user = load(id);
        if (user.getVersion() != form.version()) {
            throw new EditConflictException(view(user));
        }
        if (!user.getDisplayName().equals(form.displayName().trim())) {
            activeAccounts.changed();
        }
        Map<String, Object> before = audited(user);
        user.setDisplayName(form.displayName().trim());
        user.setEmail(form.email().trim());
        user.setZone(ZoneId.of(form.timeZone()));
        if (form.hourCycle() != null) {
            user.setHourCycle(form.hourCycle());
        }
        users.flush();
        events.publishEvent(Audited.changed(AUDITED, user.getUsername(), null, before, audited(user)));
    }

    /** Remembers the order this user reads timelines in (no version check: it is theirs alone, and harmless). */
    public void setTimelineOrder(long id, TimelineOrder order) {
        // not a versioned change: a profile or admin form open elsewhere does not conflict with it
        if (users.setTimelineOrder(id, order) == 0) {
            throw new RecordNotFoundException("User", id);
        }
    }

    public void changePassword(long id, String currentPassword, String newPassword) {
        User user = load(id);
        if (!passwordEncoder.matches(currentPassword, user.getPasswordHash())) {
            throw new ChangeRefusedException("currentPassword", "password.current.wrong");
        }
        user.setPasswordHash(passwordEncoder.encode(newPassword));
        events.publishEvent(Audited.changed(AUDITED, user.getUsername(), null, "password", null,
                "changed by its owner"));
    }

    /** Accounts came or changed their display name outside this service (single sign-on). */
    void accountsChanged() {
        activeAccounts.changed();
    }

    /** What the audit trail compares of an account (never a password or its hash). */
    static Map<String, Object> audited(User user) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("displayName", user.getDisplayName());
        fields.put("email", user.getEmail());
        fields.put("timeZone", user.getZone());
        fields.put("roles", user.getRoles());
        fields.put("enabled", user.isEnabled());
        fields.put("singleSignOn", user.isLinked() ? user.getOidcIssuer() + " " + user.getOidcSubject() : null);
        return fields;
    }

    private boolean rolesFromProvider(User user) {
        return singleSignOn && user.isLinked();
    }

    private UserView view(User user) {
        return UserView.of(user, singleSignOn);
    }

    private User load(long id) {
        return users.findWithRolesById(id).orElseThrow(() -> new RecordNotFoundException("User", id));
    }
}
