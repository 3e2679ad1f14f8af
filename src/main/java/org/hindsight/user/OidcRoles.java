package org.hindsight.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roles someone gets from the provider's groups claim: each group mapped by {@code HINDSIGHT_OIDC_ROLE_MAPPING}
 * gives its role; someone in no mapped group gets the default role, or none (refused). The claim is a list, or a
 * string of names separated by spaces or commas; a name with dots that is not a claim is a path into nested claims
 * ({@code realm_access.roles} for Keycloak's realm roles). A group given as a path ({@code /sre-oncall}) matches by
 * its name too.
 */
final class OidcRoles {

    private final String claim;
    private final Map<String, Role> mapping;
    private final Role defaultRole;

    OidcRoles(OidcProperties settings) {
        this.claim = settings.rolesClaimName();
        this.mapping = settings.roleMap();
        this.defaultRole = settings.defaultRoleOrNull();
    }

    /** The roles for these claims; null when there are none (someone in no mapped group, and no default role). */
    Set<Role> of(Map<String, Object> claims) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String group : groups(claims)) {
            Role role = mapping.get(group);
            if (role == null && group.startsWith("/")) {
                role = mapping.get(group.substring(group.lastIndexOf('/') + 1));
            }
            if (role != null) {
                roles.add(role);
            }
        }
        if (roles.isEmpty() && defaultRole != null) {
            roles.add(defaultRole);
        }
        return roles.isEmpty() ? null : roles;
    }

    private List<String> groups(Map<String, Object> claims) {
        Object value = claims.get(claim);
        if (value == null && claim.contains(".")) {
            value = claims;
            for (String part : claim.split("\\.")) {
                value = value instanceof Map<?, ?> map ? map.get(part) : null;
            }
        }
        List<String> groups = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            items.forEach(item -> groups.add(String.valueOf(item).trim()));
        } else if (value instanceof String text) {
            for (String item : text.split("[,\\s]+")) {
                if (!item.isBlank()) {
                    groups.add(item);
                }
            }
        }
        return groups;
    }
}
