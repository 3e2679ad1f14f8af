package org.hindsight.user;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * On the first start, when no user exists, creates the {@code admin} account. Its password comes from
 * {@code HINDSIGHT_ADMIN_PASSWORD}; without it a random one is generated and printed once, in a clearly
 * marked block on the console. No default password exists.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    static final String ADMIN_USERNAME = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserService userService;
    private final AdminProperties properties;

    AdminBootstrap(UserService userService, AdminProperties properties) {
        this.userService = userService;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (userService.count() > 0) {
            return;
        }
        String configured = properties.password();
        boolean generated = configured == null || configured.isBlank();
        if (!generated && configured.length() < UserForms.PASSWORD_MIN) {
            throw new IllegalStateException("HINDSIGHT_ADMIN_PASSWORD must be at least " + UserForms.PASSWORD_MIN
                    + " characters long");
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

                    ================================================================================
                      HINDSIGHT FIRST START: admin account created
                      username: {}
                      password: {}
                      This password is shown once. Sign in and change it on your profile page.
                    ================================================================================
                    """, ADMIN_USERNAME, password);
        } else {
            log.info("Created the admin account '{}' with the password from HINDSIGHT_ADMIN_PASSWORD", ADMIN_USERNAME);
        }
    }

    static String randomPassword() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
