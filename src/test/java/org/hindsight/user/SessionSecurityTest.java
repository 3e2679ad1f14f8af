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

import jakarta.servlet.http.Cookie;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.SessionCookie;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockCookie;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

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

    @Autowired
    JdbcIndexedSessionRepository sessions;

    /** Signs in; the session cookie, which a browser sends along with every later request. */
    private Cookie signIn(HindsightUser user, String address) throws Exception {
        return SessionCookie.of(mvc.perform(post("/login").with(csrf()).with(from(address))
                        .param("username", user.getUsername()).param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/")).andReturn());
    }

    @Test
    void aChangeThroughTheApiWithTheSessionCookieNeedsTheCsrfToken() throws Exception {
        HindsightUser responder = users.create("cookie", Role.RESPONDER);
        Cookie session = signIn(responder, "10.5.0.1");
        mvc.perform(post("/api/incidents").cookie(session).contentType(MediaType.APPLICATION_JSON).content(NEW_INCIDENT))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        // even with (cached) Basic credentials alongside the cookie
        mvc.perform(post("/api/incidents").cookie(session).with(from("10.5.0.2"))
                        .header("Authorization", basic(responder.getUsername(), TestUsers.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(NEW_INCIDENT))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/incidents").cookie(session).with(csrf().asHeader())
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
        Cookie session = signIn(admin, "10.5.2.1");
        mvc.perform(get("/api/me").cookie(session)).andExpect(status().isOk());
        mvc.perform(get("/actuator/prometheus").cookie(session)).andExpect(status().isOk());

        jdbc.update("update app_user set enabled = false where id = ?", admin.getId());
        mvc.perform(get("/api/me").cookie(session)).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").cookie(session)).andExpect(status().isUnauthorized());
    }

    @Test
    void aDemotedAdminLosesTheAdminPagesInTheOpenSession() throws Exception {
        HindsightUser admin = users.create("demoted", Role.ADMIN);
        Cookie session = signIn(admin, "10.5.3.1");
        mvc.perform(get("/admin/users").cookie(session)).andExpect(status().isOk());
        jdbc.update("update app_user_role set role = 'VIEWER' where user_id = ?", admin.getId());
        mvc.perform(get("/admin/users").cookie(session)).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").cookie(session)).andExpect(status().isForbidden());
    }

    @Test
    void aPasswordChangedElsewhereEndsOtherSessionsButNotTheOneThatChangedIt() throws Exception {
        HindsightUser user = users.create("two-laptops", Role.VIEWER);
        Cookie laptop = signIn(user, "10.5.4.1");
        Cookie phone = signIn(user, "10.5.4.2");
        mvc.perform(post("/profile/password").cookie(laptop).with(csrf())
                        .param("currentPassword", TestUsers.PASSWORD).param("newPassword", "a-new-password-2026")
                        .param("confirmPassword", "a-new-password-2026"))
                .andExpect(redirectedUrl("/profile"));
        mvc.perform(get("/incidents").cookie(laptop)).andExpect(status().isOk());
        mvc.perform(get("/incidents").cookie(phone)).andExpect(status().isFound());
    }

    @Test
    void anAdminPasswordResetEndsSessionsAndRevokesTokens() throws Exception {
        HindsightUser victim = users.create("compromised", Role.RESPONDER);
        HindsightUser admin = users.create("rescuer", Role.ADMIN);
        Cookie attacker = signIn(victim, "10.5.5.1");
        String token = (String) mvc.perform(post("/profile/tokens").cookie(attacker).with(csrf()).param("name", "x"))
                .andReturn().getFlashMap().get("newToken");
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());

        mvc.perform(post("/admin/users/" + victim.getId() + "/password").cookie(signIn(admin, "10.5.5.2")).with(csrf())
                .param("newPassword", "fresh-password-12345")).andExpect(status().isFound());

        mvc.perform(get("/incidents").cookie(attacker)).andExpect(status().isFound());
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token)).andExpect(status().isUnauthorized());
    }

    /** The id Spring Session keeps a session under: the cookie's value, Base64-encoded. */
    private static String sessionId(Cookie cookie) {
        return new String(java.util.Base64.getDecoder().decode(cookie.getValue()), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theSessionIsKeptInTheDatabaseForTwelveHoursWithTheSameCookie() throws Exception {
        HindsightUser user = users.create("stored", Role.VIEWER);
        MvcResult signedIn = mvc.perform(post("/login").with(csrf()).with(from("10.5.7.1"))
                .param("username", user.getUsername()).param("password", TestUsers.PASSWORD))
                .andExpect(redirectedUrl("/")).andReturn();
        MockCookie cookie = (MockCookie) SessionCookie.of(signedIn);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(cookie.getMaxAge()).as("ends with the browser").isEqualTo(-1);
        var stored = jdbc.queryForMap("select max_inactive_interval, principal_name from spring_session "
                + "where session_id = ?", sessionId(cookie));
        assertThat(((Number) stored.get("max_inactive_interval")).longValue()).isEqualTo(12 * 3600);
        assertThat(stored.get("principal_name")).isEqualTo(user.getUsername());
    }

    @Test
    void anExpiredSessionSignsInAgainAndIsCleanedUp() throws Exception {
        HindsightUser user = users.create("expired", Role.VIEWER);
        Cookie session = signIn(user, "10.5.8.1");
        mvc.perform(get("/incidents").cookie(session)).andExpect(status().isOk());
        // twelve hours without a request, as the database sees it
        jdbc.update("update spring_session set last_access_time = last_access_time - 43201000, "
                + "expiry_time = expiry_time - 43201000 where session_id = ?", sessionId(session));
        mvc.perform(get("/incidents").cookie(session)).andExpect(status().isFound())
                .andExpect(header().string("Location", org.hamcrest.Matchers.endsWith("/login")));

        jdbc.update("update spring_session set expiry_time = 1 where session_id = ?", sessionId(session));
        sessions.cleanUpExpiredSessions();
        assertThat(jdbc.queryForObject("select count(*) from spring_session where expiry_time < ?", Long.class,
                System.currentTimeMillis())).as("the cleanup job leaves no expired session").isZero();
    }

    @Test
    void aSessionThisVersionCannotReadAsksToSignInAgainRatherThanFailing() throws Exception {
        HindsightUser user = users.create("upgraded", Role.VIEWER);
        Cookie session = signIn(user, "10.5.9.1");
        mvc.perform(get("/incidents").cookie(session)).andExpect(status().isOk());
        // what an older version wrote, with classes this one no longer has
        int changed = jdbc.update("update spring_session_attributes set attribute_bytes = ? where attribute_name = "
                + "'SPRING_SECURITY_CONTEXT' and session_primary_id = (select primary_id from spring_session "
                + "where session_id = ?)", new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r', 0, 9, 'g', 'o', 'n', 'e'},
                sessionId(session));
        assertThat(changed).isEqualTo(1);
        mvc.perform(get("/incidents").cookie(session)).andExpect(status().isFound())
                .andExpect(header().string("Location", org.hamcrest.Matchers.endsWith("/login")));
        signIn(user, "10.5.9.2");
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
