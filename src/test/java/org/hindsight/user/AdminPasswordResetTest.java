package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hindsight.support.TestUsers.from;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The way back from a lost admin password: a start with HINDSIGHT_ADMIN_RESET_PASSWORD gives the named account
 * (admin by default, see AdminBootstrapTest) that password, enabled and an admin, and says so loudly without
 * printing it. The start logic runs against the real database, each test on an account of its own; client
 * addresses 10.122.x.y are this class's own (sign-in throttling).
 */
@DatabaseTest
@ExtendWith(OutputCaptureExtension.class)
class AdminPasswordResetTest {

    private static final String RECOVERED = "recovered-password-0042";
    private static final AtomicInteger ADDRESS = new AtomicInteger();

    @Autowired
    UserService userService;

    @Autowired
    UserRepository users;

    @Autowired
    LoginFailureStore loginFailures;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    TestUsers testUsers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    private AdminBootstrap startWith(String resetPassword, String resetUsername) {
        return new AdminBootstrap(userService, new AdminProperties(null, resetPassword, resetUsername), loginFailures);
    }

    private String signIn(String username, String password) throws Exception {
        int n = ADDRESS.incrementAndGet();
        return mvc.perform(post("/login").param("username", username).param("password", password).with(csrf())
                .with(from("10.122." + (n / 250) + "." + (n % 250 + 1)))).andReturn().getResponse().getRedirectedUrl();
    }

    private String hash(String username) {
        return users.findByUsername(username).orElseThrow().getPasswordHash();
    }

    private int tokenStatus(String token) throws Exception {
        return mvc.perform(get("/api/me").header("Authorization", "Bearer " + token)).andReturn().getResponse()
                .getStatus();
    }

    @Test
    void aLostPasswordIsResetAtTheNextStartLoudlyAndNeverPrinted(CapturedOutput output) throws Exception {
        HindsightUser admin = testUsers.create("lost-admin", Role.ADMIN);
        String token = tokens.create(admin.getId(), "script").value();
        for (int i = 0; i < 5; i++) {
            signIn(admin.getUsername(), "what-was-it-" + i);
        }
        assertThat(signIn(admin.getUsername(), TestUsers.PASSWORD)).as("locked by the guesses").isEqualTo("/login?locked");

        startWith(RECOVERED, admin.getUsername()).run(null);

        assertThat(output.getOut()).contains("HINDSIGHT ADMIN PASSWORD RESET")
                .contains("The account '" + admin.getUsername() + "' now has the password given in")
                .contains("REMOVE HINDSIGHT_ADMIN_RESET_PASSWORD").doesNotContain(RECOVERED);
        assertThat(output.getOut().lines().filter(line -> line.contains("AdminBootstrap")))
                .anySatisfy(line -> assertThat(line).contains(" WARN "));
        assertThat(signIn(admin.getUsername(), RECOVERED)).as("the lock is lifted too").isEqualTo("/");
        assertThat(signIn(admin.getUsername(), TestUsers.PASSWORD)).isEqualTo("/login?error");
        assertThat(tokenStatus(token)).as("API tokens revoked, as when an admin sets a password").isEqualTo(401);
        // hashed as every password the application stores: BCrypt of strength 10 or more
        assertThat(hash(admin.getUsername())).startsWith("{bcrypt}$2a$");
        assertThat(Integer.parseInt(hash(admin.getUsername()).substring(12, 14))).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aDisabledOrDemotedAccountComesBackAsAnEnabledAdmin() throws Exception {
        HindsightUser someone = testUsers.create("demoted-admin", Role.RESPONDER);
        jdbc.update("update app_user set enabled = false where username = ?", someone.getUsername());

        startWith(RECOVERED, "  " + someone.getUsername().toUpperCase() + " ").run(null);

        User after = users.findWithRolesByUsername(someone.getUsername()).orElseThrow();
        assertThat(after.isEnabled()).isTrue();
        assertThat(after.getRoles()).containsExactlyInAnyOrder(Role.RESPONDER, Role.ADMIN);
        assertThat(passwordEncoder.matches(RECOVERED, after.getPasswordHash())).isTrue();
        assertThat(signIn(someone.getUsername(), RECOVERED)).isEqualTo("/");
    }

    @Test
    void leftInPlaceItChangesNothingMoreButKeepsWarning(CapturedOutput output) throws Exception {
        HindsightUser admin = testUsers.create("reset-twice", Role.ADMIN);
        startWith(RECOVERED, admin.getUsername()).run(null);
        String afterFirst = hash(admin.getUsername());
        String token = tokens.create(admin.getId(), "made after the reset").value();

        startWith(RECOVERED, admin.getUsername()).run(null);

        assertThat(hash(admin.getUsername())).isEqualTo(afterFirst);
        assertThat(tokenStatus(token)).isEqualTo(200);
        assertThat(output.getOut()).contains("HINDSIGHT_ADMIN_RESET_PASSWORD is still set")
                .doesNotContain(RECOVERED);
        assertThat(output.getOut().split("HINDSIGHT ADMIN PASSWORD RESET", -1)).as("reset once").hasSize(2);
    }

    @Test
    void aTooShortPasswordOrAnUnknownAccountStopsTheStartAndChangesNothing() {
        HindsightUser admin = testUsers.create("reset-refused", Role.ADMIN);
        String before = hash(admin.getUsername());

        assertThatThrownBy(() -> startWith("short", admin.getUsername()).run(null))
                .hasMessageContaining("HINDSIGHT_ADMIN_RESET_PASSWORD must be at least 12 characters");
        String unknown = TestUsers.unique("nobody");
        assertThatThrownBy(() -> startWith(RECOVERED, unknown).run(null)).hasMessageContaining("'" + unknown + "'")
                .hasMessageNotContaining(RECOVERED);

        assertThat(hash(admin.getUsername())).isEqualTo(before);
    }

    @Test
    void withoutTheSettingNothingIsReset() {
        HindsightUser admin = testUsers.create("not-reset", Role.ADMIN);
        String before = hash(admin.getUsername());
        startWith(null, admin.getUsername()).run(null);
        startWith("", admin.getUsername()).run(null);
        assertThat(hash(admin.getUsername())).isEqualTo(before);
    }

    @Test
    void theEnvironmentVariablesAreWhatTheStartReads() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new ResourcePropertySource("classpath:application.properties"));
        AdminProperties unset = Binder.get(environment).bind("hindsight.admin", AdminProperties.class).get();
        assertThat(unset.resetRequested()).isFalse();
        assertThat(unset.resetAccount()).isEqualTo("admin");

        environment.getPropertySources().addFirst(new MapPropertySource("environment", Map.of(
                "HINDSIGHT_ADMIN_RESET_PASSWORD", RECOVERED, "HINDSIGHT_ADMIN_RESET_USERNAME", "ops.lead")));
        AdminProperties set = Binder.get(environment).bind("hindsight.admin", AdminProperties.class).get();
        assertThat(set.resetRequested()).isTrue();
        assertThat(set.resetPassword()).isEqualTo(RECOVERED);
        assertThat(set.resetAccount()).isEqualTo("ops.lead");
    }
}
