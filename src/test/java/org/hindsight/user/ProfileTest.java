package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.ZoneId;

import jakarta.servlet.http.Cookie;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.SessionCookie;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;

/** The signed-in user's own page: details, time zone, password. */
@DatabaseTest
class ProfileTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserRepository userRepository;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Test
    void aUserChangesTheirTimeZoneAndTheirOpenSessionShowsTimesInIt() throws Exception {
        HindsightUser me = users.create("zone", Role.VIEWER);
        Cookie session = SessionCookie.of(mvc.perform(post("/login").with(csrf())
                        .param("username", me.getUsername()).param("password", TestUsers.PASSWORD)
                        .with(TestUsers.from("10.3.0.1")))
                .andReturn());
        long version = userRepository.findById(me.getId()).orElseThrow().getVersion();
        mvc.perform(post("/profile").cookie(session).with(csrf()).param("displayName", "Zoe")
                .param("email", "zoe@example.com").param("timeZone", "America/New_York")
                .param("version", Long.toString(version))).andExpect(status().isFound());

        assertThat(userRepository.findById(me.getId()).orElseThrow().getZone()).isEqualTo(ZoneId.of("America/New_York"));
        String page = mvc.perform(get("/profile").cookie(session)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("class=\"user-name\" aria-current=\"page\">Zoe<").as("the top bar of the open session")
                .contains("<option value=\"America/New_York\" selected=\"selected\">");
    }

    @Test
    void anUnknownTimeZoneIsAFieldErrorThatKeepsTheText() throws Exception {
        HindsightUser me = users.create("badzone", Role.VIEWER);
        String page = mvc.perform(post("/profile").with(user(me)).with(csrf()).param("displayName", "Kept Name")
                        .param("email", "kept@example.com").param("timeZone", "Moon/Base").param("version", "0"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Choose a time zone from the list.").contains("value=\"Kept Name\"");

        String offsetZone = mvc.perform(post("/profile").with(user(me)).with(csrf()).param("displayName", "Kept Name")
                        .param("email", "kept@example.com").param("timeZone", "GMT+05:00").param("version", "0"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(offsetZone).as("only zones the list offers").contains("Choose a time zone from the list.");
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndAMatchingConfirmation() throws Exception {
        HindsightUser me = users.create("pw", Role.VIEWER);
        String wrongCurrent = mvc.perform(post("/profile/password").with(user(me)).with(csrf())
                        .param("currentPassword", "not-my-password").param("newPassword", "new-password-12345")
                        .param("confirmPassword", "new-password-12345"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(wrongCurrent).contains("This is not your current password.");

        String mismatch = mvc.perform(post("/profile/password").with(user(me)).with(csrf())
                        .param("currentPassword", TestUsers.PASSWORD).param("newPassword", "new-password-12345")
                        .param("confirmPassword", "new-password-54321"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(mismatch).contains("The two new passwords differ.");
        assertThat(passwordEncoder.matches(TestUsers.PASSWORD,
                userRepository.findById(me.getId()).orElseThrow().getPasswordHash())).isTrue();

        mvc.perform(post("/profile/password").with(user(me)).with(csrf())
                        .param("currentPassword", TestUsers.PASSWORD).param("newPassword", "new-password-12345")
                        .param("confirmPassword", "new-password-12345"))
                .andExpect(status().isFound());
        assertThat(passwordEncoder.matches("new-password-12345",
                userRepository.findById(me.getId()).orElseThrow().getPasswordHash())).isTrue();
    }
}
