package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The admin pages: create, edit, roles, disable, password reset, and the rules that guard them. */
@DatabaseTest
class AdminUsersTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserRepository userRepository;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    JdbcTemplate jdbc;

    private MockHttpServletRequestBuilder newUser(String username) {
        return post("/admin/users").with(csrf())
                .param("username", username).param("displayName", "Ada Lovelace").param("email", "ada@example.com")
                .param("timeZone", "Europe/London").param("roles", "RESPONDER").param("password", "analytical-engine-1843");
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void anAdminCreatesAUserWhoCanThenSignIn() throws Exception {
        HindsightUser admin = users.create("admin-create", Role.ADMIN);
        String username = TestUsers.unique("ada");
        mvc.perform(newUser(username.toUpperCase()).with(user(admin))).andExpect(status().isFound());

        User created = userRepository.findWithRolesByUsername(username).orElseThrow();
        assertThat(created.getDisplayName()).isEqualTo("Ada Lovelace");
        assertThat(created.getZone().getId()).isEqualTo("Europe/London");
        assertThat(created.getRoles()).containsExactly(Role.RESPONDER);
        assertThat(created.isEnabled()).isTrue();
        assertThat(created.getPasswordHash()).startsWith("{bcrypt}").doesNotContain("analytical");
        // the application stores strength-10 (or stronger) hashes; only the tests' own accounts use a cheap one
        assertThat(Integer.parseInt(created.getPasswordHash().substring("{bcrypt}$2a$".length(),
                "{bcrypt}$2a$".length() + 2))).isGreaterThanOrEqualTo(10);
        assertThat(passwordEncoder.matches("analytical-engine-1843", created.getPasswordHash())).isTrue();
    }

    @Test
    void invalidInputReRendersWithMessagesAndTheTypedValues() throws Exception {
        HindsightUser admin = users.create("admin-invalid", Role.ADMIN);
        String html = page(post("/admin/users").with(csrf()).with(user(admin))
                .param("username", "bad name!").param("displayName", "Typed Name").param("email", "not-an-email")
                .param("timeZone", "Mars/Olympus").param("password", "short"));
        assertThat(html).contains("value=\"bad name!\"").contains("value=\"Typed Name\"").contains("value=\"not-an-email\"")
                .contains("2 to 64 characters").contains("Not an email address.").contains("Choose a time zone from the list.")
                .contains("Choose at least one role.").contains("Use between 12 and 128 characters.")
                .doesNotContain("value=\"short\"");
    }

    @Test
    void aTakenUsernameIsAFieldError() throws Exception {
        HindsightUser admin = users.create("admin-taken", Role.ADMIN);
        String username = TestUsers.unique("dup");
        mvc.perform(newUser(username).with(user(admin))).andExpect(status().isFound());
        assertThat(page(newUser(username).with(user(admin)))).contains("This username is already taken.");
    }

    @Test
    void anAdminChangesRolesAndDisablesAnAccount() throws Exception {
        HindsightUser admin = users.create("admin-edit", Role.ADMIN);
        HindsightUser target = users.create("target", Role.VIEWER);
        long version = userRepository.findById(target.getId()).orElseThrow().getVersion();
        mvc.perform(post("/admin/users/" + target.getId()).with(csrf()).with(user(admin))
                        .param("displayName", "Renamed").param("email", "renamed@example.com").param("timeZone", "Asia/Tokyo")
                        .param("roles", "MANAGER").param("_enabled", "on").param("version", Long.toString(version)))
                .andExpect(status().isFound());
        User saved = userRepository.findWithRolesById(target.getId()).orElseThrow();
        assertThat(saved.getRoles()).containsExactly(Role.MANAGER);
        assertThat(saved.isEnabled()).as("an unticked checkbox disables").isFalse();
        assertThat(saved.getDisplayName()).isEqualTo("Renamed");
    }

    @Test
    void theLastAdminCannotBeDemotedOrDisabled() throws Exception {
        // leave exactly one enabled admin in the database for this test, restored afterwards
        List<Long> otherAdmins = jdbc.queryForList(
                "select u.id from app_user u join app_user_role r on r.user_id = u.id where r.role = 'ADMIN' and u.enabled = true",
                Long.class);
        HindsightUser last = users.create("last-admin", Role.ADMIN);
        HindsightUser viewer = users.create("plain", Role.VIEWER);
        otherAdmins.forEach(id -> jdbc.update("update app_user set enabled = false where id = ?", id));
        try {
            long version = userRepository.findById(last.getId()).orElseThrow().getVersion();
            String demote = page(post("/admin/users/" + last.getId()).with(csrf()).with(user(last))
                    .param("displayName", "Last").param("email", "last@example.com").param("timeZone", "UTC")
                    .param("roles", "MANAGER").param("enabled", "true").param("version", Long.toString(version)));
            assertThat(demote).contains("This is the last enabled admin. Make someone else an admin first.");
            assertThat(userRepository.findWithRolesById(last.getId()).orElseThrow().getRoles()).contains(Role.ADMIN);

            String disable = page(post("/admin/users/" + last.getId()).with(csrf()).with(user(last))
                    .param("displayName", "Last").param("email", "last@example.com").param("timeZone", "UTC")
                    .param("roles", "ADMIN").param("version", Long.toString(version)));
            assertThat(disable).as("disabling the last admin is refused too")
                    .contains("This is the last enabled admin.");
            assertThat(userRepository.findById(last.getId()).orElseThrow().isEnabled()).isTrue();

            // a second admin makes the change possible
            long viewerVersion = userRepository.findById(viewer.getId()).orElseThrow().getVersion();
            mvc.perform(post("/admin/users/" + viewer.getId()).with(csrf()).with(user(last))
                    .param("displayName", "Now admin").param("email", "x@example.com").param("timeZone", "UTC")
                    .param("roles", "ADMIN").param("enabled", "true").param("version", Long.toString(viewerVersion)))
                    .andExpect(status().isFound());
            mvc.perform(post("/admin/users/" + last.getId()).with(csrf()).with(user(last))
                    .param("displayName", "Last").param("email", "last@example.com").param("timeZone", "UTC")
                    .param("roles", "MANAGER").param("enabled", "true").param("version", Long.toString(version)))
                    .andExpect(status().isFound());
            assertThat(userRepository.findWithRolesById(last.getId()).orElseThrow().getRoles()).containsExactly(Role.MANAGER);
        } finally {
            otherAdmins.forEach(id -> jdbc.update("update app_user set enabled = true where id = ?", id));
        }
    }

    @Test
    void anAdminCannotDisableTheirOwnAccount() throws Exception {
        HindsightUser admin = users.create("self", Role.ADMIN);
        users.create("spare-admin", Role.ADMIN);
        long version = userRepository.findById(admin.getId()).orElseThrow().getVersion();
        String html = page(post("/admin/users/" + admin.getId()).with(csrf()).with(user(admin))
                .param("displayName", "Self").param("email", "self@example.com").param("timeZone", "UTC")
                .param("roles", "ADMIN").param("version", Long.toString(version)));
        assertThat(html).contains("You cannot disable your own account.");
        assertThat(userRepository.findById(admin.getId()).orElseThrow().isEnabled()).isTrue();
    }

    @Test
    void twoAdminsEditingTheSameUserDoNotOverwriteEachOther() throws Exception {
        HindsightUser first = users.create("first", Role.ADMIN);
        HindsightUser second = users.create("second", Role.ADMIN);
        HindsightUser target = users.create("contested", Role.VIEWER);
        long loadedVersion = userRepository.findById(target.getId()).orElseThrow().getVersion();

        mvc.perform(post("/admin/users/" + target.getId()).with(csrf()).with(user(first))
                        .param("displayName", "First's name").param("email", "first@example.com").param("timeZone", "UTC")
                        .param("roles", "VIEWER").param("enabled", "true").param("version", Long.toString(loadedVersion)))
                .andExpect(status().isFound());

        String conflict = page(post("/admin/users/" + target.getId()).with(csrf()).with(user(second))
                .param("displayName", "Second's name").param("email", "second@example.com").param("timeZone", "UTC")
                .param("roles", "RESPONDER").param("enabled", "true").param("version", Long.toString(loadedVersion)));
        assertThat(conflict).contains("Someone else saved this record")
                .contains("First&#39;s name").contains("value=\"Second&#39;s name\"");
        assertThat(userRepository.findById(target.getId()).orElseThrow().getDisplayName()).isEqualTo("First's name");
    }

    @Test
    void anAdminSetsANewPassword() throws Exception {
        HindsightUser admin = users.create("admin-reset", Role.ADMIN);
        HindsightUser forgetful = users.create("forgetful", Role.VIEWER);
        mvc.perform(post("/admin/users/" + forgetful.getId() + "/password").with(csrf()).with(user(admin))
                .param("newPassword", "a-brand-new-password")).andExpect(status().isFound());
        assertThat(passwordEncoder.matches("a-brand-new-password",
                userRepository.findById(forgetful.getId()).orElseThrow().getPasswordHash())).isTrue();

        assertThat(page(post("/admin/users/" + forgetful.getId() + "/password").with(csrf()).with(user(admin))
                .param("newPassword", "short"))).contains("Use between 12 and 128 characters.");
    }

    @Test
    void theUserListPaginatesAndKeepsItsLinks() throws Exception {
        HindsightUser admin = users.create("admin-list", Role.ADMIN);
        for (int i = 0; i < 26; i++) {
            users.create("page-filler", Role.VIEWER);
        }
        String first = page(get("/admin/users").with(user(admin)));
        assertThat(first).contains("Page 1 of").contains("href=\"/admin/users?page=1\"");
        String second = page(get("/admin/users").param("page", "1").with(user(admin)));
        assertThat(second).contains("Page 2 of").contains("href=\"/admin/users?page=0\"");
    }

    @Test
    void aMissingUserIsTheNotFoundPage() throws Exception {
        HindsightUser admin = users.create("admin-404", Role.ADMIN);
        String html = mvc.perform(get("/admin/users/999999999").with(user(admin)))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("Not found").contains("class=\"topbar\"");
    }
}
