package org.hindsight.user;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether the sign-in page takes passwords ({@code HINDSIGHT_PASSWORD_LOGIN}, on by default). Turned off (with single
 * sign-on), only the break-glass account ({@code HINDSIGHT_BREAK_GLASS_USERNAME}, {@code admin} by default) may still
 * sign in with its password, at {@code /login?password}: the way in when the provider is down. HTTP Basic and API
 * tokens on the API are not affected.
 */
@ConfigurationProperties("hindsight.password-login")
record PasswordLoginProperties(Boolean enabled, String breakGlassUsername) {

    boolean on() {
        return enabled == null || enabled;
    }

    String breakGlassAccount() {
        return breakGlassUsername == null || breakGlassUsername.isBlank() ? AdminBootstrap.ADMIN_USERNAME
                : Usernames.normalize(breakGlassUsername);
    }

    /** Whether {@code username} (as typed) may sign in with a password on the sign-in page. */
    boolean allows(String username) {
        return on() || breakGlassAccount().equals(Usernames.normalize(username));
    }
}
