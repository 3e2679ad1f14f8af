package org.hindsight.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An account as its row reads now, the fields a signed-in session shows or depends on: compared with the session's
 * {@link HindsightUser} on every request (see {@link SessionUserRefreshFilter}).
 */
record AccountState(boolean enabled, String displayName, String timeZone, TimelineOrder timelineOrder,
        HourCycle hourCycle, String passwordHash, Set<Role> roles) {

    /**
     * One row of a join of the account with its roles: {@code enabled, display_name, time_zone, timeline_order,
     * hour_cycle, password_hash, role} from column {@code first} on (the role null for an account without one).
     */
    static AccountState read(ResultSet row, int first) throws SQLException {
        String role = row.getString(first + 6);
        return new AccountState(row.getBoolean(first), row.getString(first + 1), row.getString(first + 2),
                TimelineOrder.valueOf(row.getString(first + 3)), HourCycle.valueOf(row.getString(first + 4)),
                row.getString(first + 5), role == null ? Set.of() : Set.of(Role.valueOf(role)));
    }

    /** One state from the rows of a join with the roles (one row per role, the same account fields in each). */
    static AccountState merged(List<AccountState> rows) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        rows.forEach(row -> roles.addAll(row.roles()));
        AccountState first = rows.get(0);
        return new AccountState(first.enabled(), first.displayName(), first.timeZone(), first.timelineOrder(),
                first.hourCycle(), first.passwordHash(), roles);
    }
}
