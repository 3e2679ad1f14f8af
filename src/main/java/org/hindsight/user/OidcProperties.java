package org.hindsight.user;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Single sign-on with an OpenID provider (README "Single sign-on"); application.properties binds each to its
 * {@code HINDSIGHT_OIDC_*} variable. Configured only when the issuer, the client id and the client secret are all set;
 * otherwise sign-in is by password alone, as before. {@code roleMapping}: {@code group:ROLE} pairs, comma-separated
 * ({@code sre-oncall:RESPONDER,platform-admins:ADMIN}); {@code defaultRole}: the role of someone in no mapped group,
 * or {@code NONE} to refuse them.
 */
@ConfigurationProperties("hindsight.oidc")
record OidcProperties(String issuerUri, String clientId, String clientSecret, String scopes, String displayName,
        String usernameClaim, String rolesClaim, String roleMapping, String defaultRole) {

    /** The registration id, and so the last segment of the redirect URI: {@code {baseUrl}/login/oauth2/code/oidc}. */
    static final String REGISTRATION_ID = "oidc";

    boolean configured() {
        return present(issuerUri) && present(clientId) && present(clientSecret);
    }

    /** The issuer as configured, without a trailing slash. */
    String issuer() {
        String issuer = issuerUri.trim();
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    Set<String> scopeSet() {
        Set<String> set = new LinkedHashSet<>();
        set.add("openid");
        set.addAll(split(present(scopes) ? scopes : "openid profile email"));
        return set;
    }

    String buttonName() {
        return present(displayName) ? displayName.trim() : "single sign-on";
    }

    String usernameClaimName() {
        return present(usernameClaim) ? usernameClaim.trim() : "preferred_username";
    }

    String rolesClaimName() {
        return present(rolesClaim) ? rolesClaim.trim() : "groups";
    }

    /** Group name to role; a bad role name stops the start with a message naming it. */
    Map<String, Role> roleMap() {
        Map<String, Role> map = new LinkedHashMap<>();
        for (String pair : split(roleMapping == null ? "" : roleMapping.replace(' ', ','))) {
            int colon = pair.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("HINDSIGHT_OIDC_ROLE_MAPPING: '" + pair + "' is not group:ROLE");
            }
            map.put(pair.substring(0, colon), role(pair.substring(colon + 1), "HINDSIGHT_OIDC_ROLE_MAPPING"));
        }
        return map;
    }

    /** The role of someone in no mapped group; null: they are refused. */
    Role defaultRoleOrNull() {
        String value = present(defaultRole) ? defaultRole.trim() : "VIEWER";
        return "NONE".equalsIgnoreCase(value) ? null : role(value, "HINDSIGHT_OIDC_DEFAULT_ROLE");
    }

    private static Role role(String name, String variable) {
        try {
            return Role.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + ": '" + name + "' is none of "
                    + Arrays.toString(Role.values()) + (variable.endsWith("DEFAULT_ROLE") ? " or NONE" : ""), e);
        }
    }

    private static Set<String> split(String list) {
        Set<String> items = new LinkedHashSet<>();
        for (String item : list.split("[,\\s]+")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
