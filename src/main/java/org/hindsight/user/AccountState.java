package org.hindsight.user;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An account as its row reads now, the fields a signed-in session shows or depends on: compared with the session's
 * {@link HindsightUser} on every request (see {@link SessionUserRefreshFilter}).
 */
record AccountState(boolean enabled, String displayName, String timeZone, TimelineOrder timelineOrder,
        HourCycle hourCycle, String passwordHash, Set<Role> roles) {

    /** One state from the rows of a join with the roles (one row per role, the same account fields in each). */
    static AccountState merged(List<AccountState> rows) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        rows.forEach(row -> roles.addAll(row.roles()));
        AccountState first = rows.get(0);
        return new AccountState(first.enabled(), first.displayName(), first.timeZone(), first.timelineOrder(),
                first.hourCycle(), first.passwordHash(), roles);
    }
}
