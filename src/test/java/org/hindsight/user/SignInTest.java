package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.support.TestUsers.from;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.SessionCookie;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

/** Form sign-in, sign-out, CSRF, throttling, and what a disabled account can still do (nothing). */
@DatabaseTest
class SignInTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserRepository userRepository;

    private ResultActions signIn(String username, String password, String address) throws Exception {
        return mvc.perform(post("/login").param("username", username).param("password", password)
                .with(csrf()).with(from(address)));
    }

    @Test
    void rightPasswordSignsInAndSendsToTheIncidentList() throws Exception {
        HindsightUser alice = users.create("alice", Role.VIEWER);
        MvcResult result = signIn(alice.getUsername(), TestUsers.PASSWORD, "10.1.0.1")
                .andExpect(status().isFound()).andExpect(redirectedUrl("/")).andReturn();
        Cookie session = SessionCookie.of(result);
        mvc.perform(get("/incidents").cookie(session)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(alice.getDisplayName())));
    }

    @Test
    void usernamesAreNotCaseSensitive() throws Exception {
        HindsightUser alice = users.create("casey", Role.VIEWER);
        signIn(alice.getUsername().toUpperCase(), TestUsers.PASSWORD, "10.1.0.2").andExpect(redirectedUrl("/"));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswerAndKeepTheTypedName() throws Exception {
        HindsightUser bob = users.create("bob", Role.VIEWER);
        MvcResult wrong = signIn(bob.getUsername(), "not-the-password", "10.1.0.3")
                .andExpect(redirectedUrl("/login?error")).andReturn();
        signIn("no-such-user", "whatever-password", "10.1.0.3").andExpect(redirectedUrl("/login?error"));

        Cookie session = SessionCookie.of(wrong);
        String page = mvc.perform(get("/login?error").cookie(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Sign-in failed. Check your username and password.")
                .contains("value=\"" + bob.getUsername() + "\"");
    }

    @Test
    void fiveFailuresLockTheAccountEvenForTheRightPassword() throws Exception {
        HindsightUser carol = users.create("carol", Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            signIn(carol.getUsername(), "wrong-password-" + i, "10.1.1." + i).andExpect(redirectedUrl("/login?error"));
        }
        signIn(carol.getUsername(), TestUsers.PASSWORD, "10.1.1.99").andExpect(redirectedUrl("/login?locked"));
        mvc.perform(get("/api/me").with(httpBasic(carol.getUsername(), TestUsers.PASSWORD)).with(from("10.1.1.98")))
                .andExpect(status().isUnauthorized());
        String page = mvc.perform(get("/login?locked")).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Too many failed sign-ins. Wait a little (a minute by default), then try again.");
    }

    @Test
    void unknownAccountsLockTheSameWaySoTheAnswerRevealsNothing() throws Exception {
        String ghost = TestUsers.unique("ghost");
        for (int i = 0; i < 5; i++) {
            signIn(ghost, "wrong-password", "10.1.2." + i).andExpect(redirectedUrl("/login?error"));
        }
        signIn(ghost, "wrong-password", "10.1.2.99").andExpect(redirectedUrl("/login?locked"));
    }

    @Test
    void manyFailuresFromOneAddressLockThatAddress() throws Exception {
        HindsightUser dave = users.create("dave", Role.VIEWER);
        for (int i = 0; i < 20; i++) {
            signIn(TestUsers.unique("spray"), "wrong-password", "10.1.3.1");
        }
        signIn(dave.getUsername(), TestUsers.PASSWORD, "10.1.3.1").andExpect(redirectedUrl("/login?locked"));
        signIn(dave.getUsername(), TestUsers.PASSWORD, "10.1.3.2").andExpect(redirectedUrl("/"));
    }

    @Test
    void signInWithoutCsrfTokenIsRefused() throws Exception {
        HindsightUser erin = users.create("erin", Role.VIEWER);
        Cookie[] cookies = mvc.perform(post("/login").param("username", erin.getUsername())
                        .param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/login?expired")).andReturn().getResponse().getCookies();
        var next = get("/incidents");
        if (cookies.length > 0) {
            next.cookie(cookies);
        }
        mvc.perform(next).andExpect(status().isFound())
                .andExpect(header().string("Location", org.hamcrest.Matchers.endsWith("/login")));
    }

    @Test
    void formsWithoutCsrfTokenAreRefused() throws Exception {
        HindsightUser admin = users.create("csrf-admin", Role.ADMIN);
        mvc.perform(post("/admin/users").with(user(admin)).param("username", "mallory"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/profile/tokens").with(user(admin)).param("name", "stolen"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/logout").with(user(admin))).andExpect(status().isForbidden());
    }

    @Test
    void signOutEndsTheSession() throws Exception {
        HindsightUser frank = users.create("frank", Role.VIEWER);
        Cookie session = SessionCookie.of(signIn(frank.getUsername(), TestUsers.PASSWORD, "10.1.4.1")
                .andReturn());
        mvc.perform(post("/logout").cookie(session).with(csrf())).andExpect(redirectedUrl("/login?logout"));
        mvc.perform(get("/incidents").cookie(session)).andExpect(status().isFound())
                .andExpect(header().string("Location", org.hamcrest.Matchers.endsWith("/login")));
    }

    @Test
    void aDisabledAccountCannotSignInAndItsOpenSessionEnds() throws Exception {
        HindsightUser grace = users.create("grace", Role.RESPONDER);
        Cookie session = SessionCookie.of(signIn(grace.getUsername(), TestUsers.PASSWORD, "10.1.5.1")
                .andReturn());
        mvc.perform(get("/incidents").cookie(session)).andExpect(status().isOk());

        var account = userRepository.findByUsername(grace.getUsername()).orElseThrow();
        account.setEnabled(false);
        userRepository.saveAndFlush(account);

        mvc.perform(get("/incidents").cookie(session)).andExpect(status().isFound());
        signIn(grace.getUsername(), TestUsers.PASSWORD, "10.1.5.2").andExpect(redirectedUrl("/login?error"));
        mvc.perform(get("/api/me").with(httpBasic(grace.getUsername(), TestUsers.PASSWORD)).with(from("10.1.5.3")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(header().string("Content-Security-Policy",
                        org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("script-src 'self'"),
                                org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("unsafe-inline")))))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"));
    }
}
