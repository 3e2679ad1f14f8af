package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.support.DatabaseTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;

/**
 * The first start: with no user in the database, the admin account appears, with the configured password
 * or a random one printed once. Each test empties the user table inside a transaction that is rolled back.
 */
@DatabaseTest
@Transactional
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapTest {

    private static final Pattern PRINTED_PASSWORD = Pattern.compile("password: (\\S+)");

    @Autowired
    UserService userService;

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LoginFailureStore loginFailures;

    private AdminBootstrap firstStart(String password) {
        return new AdminBootstrap(userService, new AdminProperties(password, null, null), loginFailures);
    }

    @BeforeEach
    void noUsersYet() {
        // as on a first start (rolled back after each test): incidents other tests left refer to their accounts
        jdbc.update("delete from incident");
        jdbc.update("delete from app_user");
    }

    @Test
    void withoutAConfiguredPasswordARandomOneIsPrintedOnceAndWorks(CapturedOutput output) {
        AdminBootstrap bootstrap = firstStart(null);
        bootstrap.run(null);

        Matcher printed = PRINTED_PASSWORD.matcher(output.getOut());
        assertThat(printed.find()).as("the password is printed in the marked block").isTrue();
        assertThat(output.getOut()).contains("HINDSIGHT FIRST START");
        User admin = users.findWithRolesByUsername("admin").orElseThrow();
        assertThat(admin.getRoles()).containsExactly(Role.ADMIN);
        assertThat(passwordEncoder.matches(printed.group(1), admin.getPasswordHash())).isTrue();
        assertThat(printed.group(1)).hasSizeGreaterThanOrEqualTo(20);

        bootstrap.run(null);
        assertThat(output.getOut().split("HINDSIGHT FIRST START", -1)).as("printed once only").hasSize(2);
        assertThat(users.count()).isOne();
    }

    @Test
    void twoFirstStartsGetDifferentPasswords(CapturedOutput output) {
        firstStart("").run(null);
        jdbc.update("delete from app_user");
        firstStart("").run(null);
        Matcher printed = PRINTED_PASSWORD.matcher(output.getOut());
        assertThat(printed.find()).isTrue();
        String first = printed.group(1);
        assertThat(printed.find()).isTrue();
        assertThat(printed.group(1)).isNotEqualTo(first);
    }

    @Test
    void aConfiguredPasswordIsUsedAndNeverPrinted(CapturedOutput output) {
        firstStart("configured-admin-password").run(null);
        User admin = users.findByUsername("admin").orElseThrow();
        assertThat(passwordEncoder.matches("configured-admin-password", admin.getPasswordHash())).isTrue();
        assertThat(output.getOut()).doesNotContain("configured-admin-password").doesNotContain("HINDSIGHT FIRST START");
    }

    @Test
    void aTooShortConfiguredPasswordStopsTheStart() {
        assertThatThrownBy(() -> firstStart("short").run(null))
                .hasMessageContaining("HINDSIGHT_ADMIN_PASSWORD must be at least 12 characters");
        assertThat(users.count()).isZero();
    }

    @Test
    void aPasswordResetBringsBackTheFirstAdminByDefaultEvenDisabled(CapturedOutput output) {
        firstStart("configured-admin-password").run(null);
        jdbc.update("update app_user set enabled = false where username = 'admin'");

        new AdminBootstrap(userService, new AdminProperties(null, "recovered-password-0042", null), loginFailures)
                .run(null);

        User admin = users.findWithRolesByUsername("admin").orElseThrow();
        assertThat(admin.isEnabled()).isTrue();
        assertThat(admin.getRoles()).containsExactly(Role.ADMIN);
        assertThat(passwordEncoder.matches("recovered-password-0042", admin.getPasswordHash())).isTrue();
        assertThat(passwordEncoder.matches("configured-admin-password", admin.getPasswordHash())).isFalse();
        assertThat(output.getOut()).contains("The account 'admin' now has the password given in")
                .doesNotContain("recovered-password-0042");
    }

    @Test
    void nothingHappensWhenUsersExist(CapturedOutput output) {
        jdbc.update("insert into app_user (username, display_name, email, password_hash, enabled, time_zone, created_at, version) "
                + "values ('someone', 'Someone', 's@example.com', '{noop}x', true, 'UTC', CURRENT_TIMESTAMP, 0)");
        firstStart(null).run(null);
        assertThat(users.findByUsername("admin")).isEmpty();
        assertThat(output.getOut()).doesNotContain("HINDSIGHT FIRST START");
    }
}
