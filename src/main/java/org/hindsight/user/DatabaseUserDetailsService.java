package org.hindsight.user;

import java.util.Optional;

import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Loads accounts from the database for sign-in (form and HTTP Basic) and for refreshing sessions. */
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

    /** The current state of a signed-in user's account, or empty when it no longer exists. */
    public Optional<HindsightUser> reload(long id) {
        return users.findWithRolesById(id).map(HindsightUser::new);
    }
}
