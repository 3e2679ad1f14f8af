package org.hindsight.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a user may do. Each role includes every role below it: a MANAGER may do all a RESPONDER may,
 * and an ADMIN all a MANAGER may, plus manage users and settings.
 */
public enum Role {
    /** Reads incidents, timelines, action items and postmortems. */
    VIEWER,
    /** Logs timeline events on any incident; joins incidents and edits the ones they joined or command. */
    RESPONDER,
    /** Everything about incidents and action items. */
    MANAGER,
    /** Users and settings. */
    ADMIN;

    /** Whether holding this role grants {@code other} too (every role includes the ones below it). */
    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String authority() {
        return "ROLE_" + name();
    }

    /** The authorities granted by a set of roles: the highest role held and every role it includes. */
    public static List<GrantedAuthority> authoritiesFor(Collection<Role> roles) {
        int highest = roles.stream().mapToInt(Role::ordinal).max().orElse(-1);
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Role role : values()) {
            if (role.ordinal() <= highest) {
                authorities.add(new SimpleGrantedAuthority(role.authority()));
            }
        }
        return authorities;
    }
}
