package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hindsight.support.TestUsers.from;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** How sessions, cookies and credentials meet the API and the pages. */
@DatabaseTest
class SessionSecurityTest {

    private static final String NEW_INCIDENT = "{\"title\":\"From the browser\",\"severity\":\"SEV4\"}";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    private MockHttpSession signIn(HindsightUser user, String address) throws Exception {
        return (MockHttpSession) mvc.perform(post("/login").with(csrf()).with(from(address))
                        .param("username", user.getUsername()).param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/")).andReturn().getRequest().getSession(false);
    }

    /** A request as a browser sends it: the session cookie comes along. */
    private static MockHttpServletRequestBuilder withCookie(MockHttpServletRequestBuilder request, MockHttpSession session) {
        return request.session(session).with(r -> {
            r.setRequestedSessionId(session.getId());
            return r;
        });
    }

    @Test
    void aChangeThroughTheApiWithTheSessionCookieNeedsTheCsrfToken() throws Exception {
        HindsightUser responder = users.create("cookie", Role.RESPONDER);
        MockHttpSession session = signIn(responder, "10.5.0.1");
        mvc.perform(withCookie(post("/api/incidents"), session).contentType(MediaType.APPLICATION_JSON).content(NEW_INCIDENT))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        // even with (cached) Basic credentials alongside the cookie
        mvc.perform(withCookie(post("/api/incidents"), session).with(from("10.5.0.2"))
                        .header("Authorization", basic(responder.getUsername(), TestUsers.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(NEW_INCIDENT))
                .andExpect(status().isForbidden());
        mvc.perform(withCookie(post("/api/incidents"), session).with(csrf().asHeader())
                        .contentType(MediaType.APPLICATION_JSON).content(NEW_INCIDENT))
                .andExpect(status().isCreated());
    }

    @Test
    void scriptsWithoutACookieNeedNoCsrfToken() throws Exception {
        HindsightUser responder = users.create("script", Role.RESPONDER);
        mvc.perform(post("/api/incidents").with(from("10.5.1.1"))
                        .header("Authorization", basic(responder.getUsername(), TestUsers.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(NEW_INCIDENT))
                .andExpect(status().isCreated());
    }

    @Test
    void theApiNeverAsksTheBrowserForBasicCredentials() throws Exception {
        mvc.perform(get("/api/me")).andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer realm=\"Hindsight\""));
    }

    @Test
    void aDisabledUsersSessionNoLongerReadsTheApi() throws Exception {
        HindsightUser admin = users.create("api-session", Role.ADMIN);
        MockHttpSession session = signIn(admin, "10.5.2.1");
        mvc.perform(get("/api/me").session(session)).andExpect(status().isOk());
        mvc.perform(get("/actuator/prometheus").session(session)).andExpect(status().isOk());

        jdbc.update("update app_user set enabled = false where id = ?", admin.getId());
        mvc.perform(get("/api/me").session(session)).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").session(session)).andExpect(status().isUnauthorized());
    }

    @Test
    void aDemotedAdminLosesTheAdminPagesInTheOpenSession() throws Exception {
        HindsightUser admin = users.create("demoted", Role.ADMIN);
        MockHttpSession session = signIn(admin, "10.5.3.1");
        mvc.perform(get("/admin/users").session(session)).andExpect(status().isOk());
        jdbc.update("update app_user_role set role = 'VIEWER' where user_id = ?", admin.getId());
        mvc.perform(get("/admin/users").session(session)).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").session(session)).andExpect(status().isForbidden());
    }

    @Test
    void aPasswordChangedElsewhereEndsOtherSessionsButNotTheOneThatChangedIt() throws Exception {
        HindsightUser user = users.create("two-laptops", Role.VIEWER);
        MockHttpSession laptop = signIn(user, "10.5.4.1");
        MockHttpSession phone = signIn(user, "10.5.4.2");
        mvc.perform(post("/profile/password").session(laptop).with(csrf())
                        .param("currentPassword", TestUsers.PASSWORD).param("newPassword", "a-new-password-2026")
                        .param("confirmPassword", "a-new-password-2026"))
                .andExpect(redirectedUrl("/profile"));
        mvc.perform(get("/incidents").session(laptop)).andExpect(status().isOk());
        mvc.perform(get("/incidents").session(phone)).andExpect(status().isFound());
    }

    @Test
    void anAdminPasswordResetEndsSessionsAndRevokesTokens() throws Exception {
        HindsightUser victim = users.create("compromised", Role.RESPONDER);
        HindsightUser admin = users.create("rescuer", Role.ADMIN);
        MockHttpSession attacker = signIn(victim, "10.5.5.1");
        String token = (String) mvc.perform(post("/profile/tokens").session(attacker).with(csrf()).param("name", "x"))
                .andReturn().getFlashMap().get("newToken");
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());

        mvc.perform(post("/admin/users/" + victim.getId() + "/password").session(signIn(admin, "10.5.5.2")).with(csrf())
                .param("newPassword", "fresh-password-12345")).andExpect(status().isFound());

        mvc.perform(get("/incidents").session(attacker)).andExpect(status().isFound());
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token)).andExpect(status().isUnauthorized());
    }

    @Test
    void aStaleSignInFormAsksToSignInAgain() throws Exception {
        mvc.perform(post("/login").param("username", "someone").param("password", "whatever-password")
                        .param("_csrf", "stale-token-from-before-a-restart"))
                .andExpect(redirectedUrl("/login?expired"));
        assertThat(mvc.perform(get("/login?expired")).andReturn().getResponse().getContentAsString())
                .contains("Please sign in again.");
    }

    @Test
    void aWrongMethodOnTheApiIsAProblemDocument() throws Exception {
        HindsightUser manager = users.create("wrong-method", Role.MANAGER);
        mvc.perform(put("/api/me").with(from("10.5.6.1")).header("Authorization", basic(manager.getUsername(), TestUsers.PASSWORD)))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    private static String basic(String username, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((username + ":" + password).getBytes());
    }
}
