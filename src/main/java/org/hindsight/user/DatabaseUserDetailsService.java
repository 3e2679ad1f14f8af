package org.hindsight.user;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads accounts from the database: for sign-in (form and HTTP Basic), for refreshing sessions, and for code
 * that acts as a given account (the example data).
 */
@Service
@Transactional(readOnly = true)
public class DatabaseUserDetailsService implements UserDetailsService {

    private final UserRepository users;
    private final JdbcClient jdbc;

    DatabaseUserDetailsService(UserRepository users, JdbcClient jdbc) {
        this.users = users;
        this.jdbc = jdbc;
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

    /**
     * Whether the account changed (or is gone) since {@code signedIn} was read from it: its row and roles in one
     * statement of plain JDBC, without an entity or a transaction, so that a page view pays for loading the account
     * only when it changed ({@link #reload} then); a change made by hand in the database counts too. JFR on the
     * search page: loading the account on every request took 10 % of its CPU.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public boolean changedSince(HindsightUser signedIn) {
        List<AccountState> rows = jdbc.sql("""
                SELECT u.enabled, u.display_name, u.time_zone, u.timeline_order, u.hour_cycle, u.password_hash, r.role
                FROM app_user u LEFT JOIN app_user_role r ON r.user_id = u.id WHERE u.id = ?
                """).param(signedIn.getId()).query((row, n) -> AccountState.read(row, 1)).list();
        return rows.isEmpty() || !signedIn.isCurrent(AccountState.merged(rows));
    }

    /** The current state of a signed-in user's account, or empty when it no longer exists. */
    public Optional<HindsightUser> reload(long id) {
        return users.findWithRolesById(id).map(HindsightUser::new);
    }
}
