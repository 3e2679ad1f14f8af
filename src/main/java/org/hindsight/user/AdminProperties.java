package org.hindsight.user;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The admin account at start-up (application.properties binds each to its environment variable):
 * {@code hindsight.admin.password} ({@code HINDSIGHT_ADMIN_PASSWORD}): the first admin's password, used when no
 * account exists yet; {@code hindsight.admin.reset-password} ({@code HINDSIGHT_ADMIN_RESET_PASSWORD}): when set,
 * every start gives the account {@code hindsight.admin.reset-username} ({@code HINDSIGHT_ADMIN_RESET_USERNAME},
 * default {@code admin}) this password, enables it and makes it an admin: the way back from a lost admin password.
 */
@ConfigurationProperties("hindsight.admin")
record AdminProperties(String password, String resetPassword, String resetUsername) {

    /** The account that a reset names: {@code admin} when none is named. */
    String resetAccount() {
        return resetUsername == null || resetUsername.isBlank() ? AdminBootstrap.ADMIN_USERNAME : resetUsername.trim();
    }

    boolean resetRequested() {
        return resetPassword != null && !resetPassword.isEmpty();
    }
}
