package org.hindsight.user;

import java.util.Optional;

import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads accounts from the database: for sign-in (form and HTTP Basic), for refreshing sessions, and for code
 * that acts as a given account (the example data).
 */
@Service
@Transactional(readOnly = true)
public class DatabaseUserDetailsService implements UserDetailsService {

    private final UserRepository users;

    DatabaseUserDetailsService(UserRepository users) {
        this.users = users;
    }

    @Override
    public HindsightUser loadUserByUsername(String username) {
        return users.findWithRolesByUsername(Usernames.normalize(username))
                .map(HindsightUser::new)
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    /**
     * The account for a sign-in with a password (form and HTTP Basic). An account without a password (the
     * example data's people, until an admin sets one) is answered as an unknown one, so the attempt fails exactly
     * as a wrong password does: the same message, the same count towards the lock, and about the same time
     * (Spring Security then checks the password against a dummy hash of the same strength).
     */
    HindsightUser loadForPasswordSignIn(String username) {
        return users.findWithRolesByUsername(Usernames.normalize(username))
                .filter(User::hasPassword)
                .map(HindsightUser::new)
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    /** The current state of a signed-in user's account, or empty when it no longer exists. */
    public Optional<HindsightUser> reload(long id) {
        return users.findWithRolesById(id).map(HindsightUser::new);
    }
}
