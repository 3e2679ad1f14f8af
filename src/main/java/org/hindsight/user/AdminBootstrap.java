package org.hindsight.user;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * The admin account at start-up. On the first start, when no user exists, creates the {@code admin} account.
 * Its password comes from {@code HINDSIGHT_ADMIN_PASSWORD}; without it a random one is generated and printed
 * once, in a clearly marked block on the console. No default password exists.
 * <p>
 * With {@code HINDSIGHT_ADMIN_RESET_PASSWORD} set, every start gives the account named by
 * {@code HINDSIGHT_ADMIN_RESET_USERNAME} ({@code admin} by default) that password, enables it, makes it an
 * admin and lifts its sign-in lock, saying so in a marked block (never the password): the way back from a
 * lost admin password. The setting is meant to be removed once used.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    static final String ADMIN_USERNAME = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LINE = "================================================================================";

    private final UserService userService;
    private final AdminProperties properties;
    private final LoginFailureStore loginFailures;

    AdminBootstrap(UserService userService, AdminProperties properties, LoginFailureStore loginFailures) {
        this.userService = userService;
        this.properties = properties;
        this.loginFailures = loginFailures;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.resetRequested()) {
            // checked first: a start that would reset with a password too short stops before changing anything
            requireLength(properties.resetPassword(), "HINDSIGHT_ADMIN_RESET_PASSWORD");
        }
        createFirstAdmin();
        if (properties.resetRequested()) {
            resetAdminPassword(properties.resetAccount(), properties.resetPassword());
        }
    }

    private void createFirstAdmin() {
        if (userService.count() > 0) {
            return;
        }
        String configured = properties.password();
        boolean generated = configured == null || configured.isBlank();
        if (!generated) {
            requireLength(configured, "HINDSIGHT_ADMIN_PASSWORD");
        }
        String password = generated ? randomPassword() : configured;
        try {
            userService.createInitialAdmin(ADMIN_USERNAME, password);
        } catch (DataIntegrityViolationException e) {
            log.info("Another instance created the first admin account at the same time");
            return;
        }
        if (generated) {
            log.warn("""

                    {}
                      HINDSIGHT FIRST START: admin account created
                      username: {}
                      password: {}
                      This password is shown once. Sign in and change it on your profile page.
                    {}
                    """, LINE, ADMIN_USERNAME, password, LINE);
        } else {
            log.info("Created the admin account '{}' with the password from HINDSIGHT_ADMIN_PASSWORD", ADMIN_USERNAME);
        }
    }

    private void resetAdminPassword(String username, String password) {
        UserService.Recovery done = recover(username, password);
        switch (done) {
            case NO_SUCH_ACCOUNT -> throw new IllegalStateException("HINDSIGHT_ADMIN_RESET_PASSWORD is set, but no account"
                    + " is named '" + username + "' (HINDSIGHT_ADMIN_RESET_USERNAME, default 'admin'): nothing was reset");
            case RESET -> {
                loginFailures.forget(LoginThrottle.accountKey(username));
                log.warn("""

                        {}
                          HINDSIGHT ADMIN PASSWORD RESET (HINDSIGHT_ADMIN_RESET_PASSWORD is set)
                          The account '{}' now has the password given in HINDSIGHT_ADMIN_RESET_PASSWORD,
                          is enabled and is an admin; its sign-in lock is lifted, its open sessions end
                          and its API tokens are revoked.
                          REMOVE HINDSIGHT_ADMIN_RESET_PASSWORD from the environment now: while it is set,
                          every start gives this account that password again.
                        {}
                        """, LINE, username, LINE);
            }
            case ALREADY_SO -> log.warn("HINDSIGHT_ADMIN_RESET_PASSWORD is still set: the account '{}' already has that"
                    + " password and is an enabled admin, so nothing changed. Remove the setting: while it is set,"
                    + " every start resets this account's password to it.", username);
        }
    }

    /** Two instances starting at once may reset the same account: the one that loses the race looks again. */
    private UserService.Recovery recover(String username, String password) {
        for (int attempt = 1; ; attempt++) {
            try {
                return userService.recoverAdmin(username, password);
            } catch (OptimisticLockingFailureException | DataIntegrityViolationException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static void requireLength(String password, String setting) {
        if (password.length() < UserForms.PASSWORD_MIN) {
            throw new IllegalStateException(setting + " must be at least " + UserForms.PASSWORD_MIN + " characters long");
        }
    }

    static String randomPassword() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
