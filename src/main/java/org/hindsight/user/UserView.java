package org.hindsight.user;

import java.time.Instant;
import java.util.Set;

/**
 * A user as the pages show it: read inside the transaction, safe to render after it. {@code passwordSet} false:
 * the account has no password yet and cannot sign in with one. {@code singleSignOn}: it signs in through the OpenID
 * provider; {@code rolesFromProvider}: the provider sets its roles at each sign-in (single sign-on is configured).
 */
public record UserView(long id, String username, String displayName, String email, String timeZone,
        Set<Role> roles, boolean enabled, boolean passwordSet, Instant createdAt, HourCycle hourCycle, long version,
        boolean singleSignOn, boolean rolesFromProvider) {

    static UserView of(User user, boolean singleSignOnConfigured) {
        return new UserView(user.getId(), user.getUsername(), user.getDisplayName(), user.getEmail(),
                user.getZone().getId(), user.getRoles(), user.isEnabled(), user.hasPassword(), user.getCreatedAt(),
                user.getHourCycle(), user.getVersion(), user.isLinked(),
                user.isLinked() && singleSignOnConfigured);
    }
}
