package org.hindsight.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hindsight.support.TestUsers.from;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.hindsight.support.DatabaseTest;
import org.hindsight.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** Personal API tokens: created on the profile page, shown once, stored hashed, revocable; a stateless API. */
@DatabaseTest
class ApiTokenTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcTemplate jdbc;

    private String createToken(HindsightUser owner, String name) throws Exception {
        Object token = mvc.perform(post("/profile/tokens").param("name", name).with(user(owner)).with(csrf()))
                .andExpect(status().isFound())
                .andReturn().getFlashMap().get("newToken");
        assertThat(token).asString().startsWith("hs_");
        return (String) token;
    }

    @Test
    void aTokenAuthenticatesItsOwnerWithoutCreatingASession() throws Exception {
        HindsightUser ops = users.create("ops", Role.RESPONDER);
        String token = createToken(ops, "monitoring");

        MockHttpServletResponse response = mvc.perform(get("/api/me").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value(ops.getUsername()))
                .andExpect(jsonPath("$.roles[0]").value("RESPONDER"))
                .andReturn().getResponse();
        assertThat(response.getCookie("JSESSIONID")).isNull();
        assertThat(response.getHeader("Set-Cookie")).isNull();
    }

    @Test
    void onlyAHashOfTheTokenIsStored() throws Exception {
        HindsightUser ops = users.create("hash", Role.VIEWER);
        String token = createToken(ops, "ci");
        Integer rawCopies = jdbc.queryForObject("select count(*) from api_token where token_hash = ? or token_hint = ?",
                Integer.class, token, token);
        assertThat(rawCopies).isZero();
        Integer hashed = jdbc.queryForObject("select count(*) from api_token where token_hash = ?", Integer.class,
                ApiTokenService.hash(token));
        assertThat(hashed).isOne();
    }

    @Test
    void theProfilePageShowsTheTokenOnceThenOnlyItsHint() throws Exception {
        HindsightUser ops = users.create("once", Role.VIEWER);
        var created = mvc.perform(post("/profile/tokens").param("name", "pager").with(user(ops)).with(csrf()))
                .andReturn();
        String token = (String) created.getFlashMap().get("newToken");
        // the redirect, in the session the POST used (sessions live in the database: the cookie names it)
        String redirectedTo = mvc.perform(get("/profile").with(user(ops))
                        .cookie(created.getResponse().getCookie("JSESSIONID")))
                .andReturn().getResponse().getContentAsString();
        assertThat(redirectedTo).as("right after creating it").contains(token).contains("not shown again");
        String later = mvc.perform(get("/profile").with(user(ops))).andReturn().getResponse().getContentAsString();
        assertThat(later).contains("pager").contains(token.substring(0, 7)).doesNotContain(token);
    }

    @Test
    void aRevokedTokenNoLongerWorks() throws Exception {
        HindsightUser ops = users.create("revoke", Role.VIEWER);
        String token = createToken(ops, "old script");
        Long id = jdbc.queryForObject("select id from api_token where token_hash = ?", Long.class,
                ApiTokenService.hash(token));

        mvc.perform(post("/profile/tokens/" + id + "/revoke").with(user(ops)).with(csrf())).andExpect(status().isFound());
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void nobodyCanRevokeSomeoneElsesToken() throws Exception {
        HindsightUser owner = users.create("owner", Role.VIEWER);
        HindsightUser other = users.create("other", Role.ADMIN);
        String token = createToken(owner, "mine");
        Long id = jdbc.queryForObject("select id from api_token where token_hash = ?", Long.class,
                ApiTokenService.hash(token));

        mvc.perform(post("/profile/tokens/" + id + "/revoke").with(user(other)).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
    }

    @Test
    void aDisabledUsersTokensStopWorking() throws Exception {
        HindsightUser ops = users.create("gone", Role.VIEWER);
        String token = createToken(ops, "cron");
        jdbc.update("update app_user set enabled = false where id = ?", ops.getId());
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token)).andExpect(status().isUnauthorized());
    }

    @Test
    void aTokenActsWithTheRolesTheAccountHasNow() throws Exception {
        HindsightUser ops = users.create("promoted", Role.VIEWER);
        String token = createToken(ops, "deploys");
        String incident = "{\"title\":\"Promoted\",\"severity\":\"SEV3\"}";
        mvc.perform(post("/api/incidents").header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON).content(incident))
                .andExpect(status().isForbidden());

        // promoted by hand in the database (two more roles: one row each in the join the token is read with)
        jdbc.update("insert into app_user_role (user_id, role) values (?, 'MANAGER'), (?, 'RESPONDER')",
                ops.getId(), ops.getId());
        mvc.perform(post("/api/incidents").header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON).content(incident))
                .andExpect(status().isCreated());

        jdbc.update("delete from app_user_role where user_id = ? and role <> 'VIEWER'", ops.getId());
        mvc.perform(post("/api/incidents").header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON).content(incident))
                .andExpect(status().isForbidden());
    }

    @Test
    void aTokensLastUseIsRecordedToTheMinute() throws Exception {
        HindsightUser ops = users.create("lastuse", Role.VIEWER);
        String token = createToken(ops, "poller");
        String hash = ApiTokenService.hash(token);
        assertThat(jdbc.queryForObject("select last_used_at from api_token where token_hash = ?", Instant.class, hash))
                .as("never used").isNull();

        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        Instant first = jdbc.queryForObject("select last_used_at from api_token where token_hash = ?", Instant.class,
                hash);
        assertThat(first).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));

        Instant recent = Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        jdbc.update("update api_token set last_used_at = ? where token_hash = ?", Timestamp.from(recent), hash);
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        assertThat(jdbc.queryForObject("select last_used_at from api_token where token_hash = ?", Instant.class, hash))
                .as("used again within the minute: not written again").isEqualTo(recent);

        Instant earlier = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        jdbc.update("update api_token set last_used_at = ? where token_hash = ?", Timestamp.from(earlier), hash);
        mvc.perform(get("/api/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        assertThat(jdbc.queryForObject("select last_used_at from api_token where token_hash = ?", Instant.class, hash))
                .as("a minute later: moved to now").isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void unknownTokensAndMissingCredentialsGetProblemDetails() throws Exception {
        mvc.perform(get("/api/me").header("Authorization", "Bearer hs_not-a-real-token"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401));
        mvc.perform(get("/api/me")).andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void httpBasicWorksForTheApiAndCreatesNoSession() throws Exception {
        HindsightUser ops = users.create("basic", Role.MANAGER);
        MockHttpServletResponse response = mvc.perform(get("/api/me")
                        .with(httpBasic(ops.getUsername(), TestUsers.PASSWORD)).with(from("10.2.0.1")))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getHeader("Set-Cookie")).isNull();
    }

    @Test
    void anEmptyTokenNameIsAFieldErrorNotAToken() throws Exception {
        HindsightUser ops = users.create("blank", Role.VIEWER);
        String page = mvc.perform(post("/profile/tokens").param("name", " ").with(user(ops)).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("field-error").contains("Required.");
        assertThat(jdbc.queryForObject("select count(*) from api_token where user_id = ?", Integer.class, ops.getId()))
                .isZero();
    }
}
