package org.hindsight.user;

import java.time.Instant;
import java.util.Set;

/**
 * A user as the pages show it: read inside the transaction, safe to render after it. {@code passwordSet} false:
 * the account has no password yet and cannot sign in until an admin sets one.
 */
public record UserView(long id, String username, String displayName, String email, String timeZone,
        Set<Role> roles, boolean enabled, boolean passwordSet, Instant createdAt, HourCycle hourCycle, long version) {

    static UserView of(User user) {
        return new UserView(user.getId(), user.getUsername(), user.getDisplayName(), user.getEmail(),
                user.getZone().getId(), user.getRoles(), user.isEnabled(), user.hasPassword(), user.getCreatedAt(),
                user.getHourCycle(),
                user.getVersion());
    }
}
