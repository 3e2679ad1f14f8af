package org.hindsight.user;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How the other modules find accounts: by username, by the name an imported document gives (username, email or
 * display name), or as a reference to an account whose id they hold. Nothing outside this module reads the users
 * table or {@link UserRepository}; the {@link User} entity is published read-only so that incidents, timeline
 * events and action items can point at their commander, author or owner.
 */
@Service
@Transactional(readOnly = true)
public class UserDirectory {

    private final UserRepository users;

    UserDirectory(UserRepository users) {
        this.users = users;
    }

    /** The enabled account with this username (case and surrounding blanks ignored). */
    public Optional<User> enabledByUsername(String username) {
        if (username == null || username.isBlank()) {
            return Optional.empty();
        }
        return users.findByUsername(Usernames.normalize(username)).filter(User::isEnabled);
    }

    /** The account with this username (case and surrounding blanks ignored), enabled or not. */
    public Optional<User> byUsername(String username) {
        if (username == null || username.isBlank()) {
            return Optional.empty();
        }
        return users.findByUsername(Usernames.normalize(username));
    }

    /** The account with this id, enabled or not. */
    public Optional<User> byId(long id) {
        return users.findById(id);
    }

    /** An enabled account as scheduled work addresses it: email (blank: none), zone and the highest role held. */
    public record Account(long id, String username, String displayName, String email, java.time.ZoneId zone,
            Role highestRole) {

        /** Whether the account holds {@code role} or a role that includes it. */
        public boolean has(Role role) {
            return highestRole != null && highestRole.includes(role);
        }

        public boolean hasEmail() {
            return email != null && !email.isBlank();
        }
    }

    /** Every enabled account, oldest first. */
    public List<Account> enabledAccounts() {
        return users.findEnabledWithRoles().stream().map(u -> new Account(u.getId(), u.getUsername(),
                u.getDisplayName(), u.getEmail(), u.getZone(),
                u.getRoles().stream().max(java.util.Comparator.naturalOrder()).orElse(null))).toList();
    }

    /** A reference to the account with this id, for an association; loads nothing. */
    public User reference(long id) {
        return users.getReferenceById(id);
    }

    /**
     * The username of the one enabled account that a name written in a document fits: by username, {@code
     * @username}, email or display name, case ignored; empty when none or more than one fits.
     */
    public Optional<String> usernameFor(String written) {
        if (written == null || written.isBlank()) {
            return Optional.empty();
        }
        // emphasis around the name goes, an underscore inside it ("owner_two") stays
        String name = written.strip().replaceAll("^[*_`]+|[*_`]+$", "").replaceFirst("^@", "")
                .strip().toLowerCase(Locale.ROOT);
        List<String> found = users.findEnabledUsernamesNamed(name, PageRequest.of(0, 2));
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }
}
